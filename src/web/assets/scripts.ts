/**
 * The little client code the pages use, served as files under `/assets/` (the CSP allows only the
 * site's own scripts). Everything works without it; it adds auto-submit, charts and live progress.
 */
export const PORTAL_JS = String.raw`
'use strict';
document.addEventListener('change', function (e) {
  var el = e.target;
  if (el && el.hasAttribute && el.hasAttribute('data-autosubmit') && el.form) el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
});
`;

export const CONSOLE_JS = String.raw`
'use strict';
(function () {
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var palette = ['#0b5cad', '#d9480f', '#2b8a3e', '#862e9c', '#c92a2a', '#e67700', '#1098ad', '#5c940d', '#364fc7', '#a61e4d', '#495057', '#087f5b', '#f08c00'];
  function drawCharts() {
    if (typeof Chart === 'undefined') return;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = '#56606d';
    Chart.defaults.animation = false;
    var charts = data('chart-data') || {};
    Object.keys(charts).forEach(function (id) {
      var canvas = document.getElementById(id);
      if (!canvas) return;
      var spec = charts[id];
      var datasets = spec.series.map(function (s, i) {
        var color = s.color || palette[i % palette.length];
        return { label: s.label, data: s.data, backgroundColor: spec.type === 'line' ? color : color, borderColor: color, borderWidth: spec.type === 'line' ? 2 : 0, pointRadius: spec.type === 'line' ? 2 : 0, tension: 0.2, stack: spec.stacked ? 'all' : undefined };
      });
      var chart = new Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: datasets },
        options: {
          responsive: true, maintainAspectRatio: false, indexAxis: spec.horizontal ? 'y' : 'x',
          interaction: { mode: 'index', intersect: false },
          plugins: { legend: { position: 'bottom' }, title: { display: false } },
          scales: {
            x: { stacked: !!spec.stacked, grid: { display: false } },
            y: { stacked: !!spec.stacked, beginAtZero: true, title: { display: !!spec.yTitle, text: spec.yTitle || '' } }
          }
        }
      });
      canvas.setAttribute('data-rendered', 'true');
      canvas.__chart = chart;
    });
  }
  function pollJob() {
    var box = document.querySelector('[data-job]');
    if (!box) return;
    var id = box.getAttribute('data-job');
    var bar = box.querySelector('progress');
    var text = box.querySelector('[data-job-text]');
    function tick() {
      fetch('/api/v1/jobs/' + encodeURIComponent(id), { headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          if (bar && job.progress && job.progress.total > 0) { bar.max = job.progress.total; bar.value = job.progress.done; }
          if (text) text.textContent = job.state === 'running' ? (job.progress ? job.progress.stage + ': ' + job.progress.done + ' / ' + job.progress.total : 'starting') : job.state + (job.error ? ': ' + job.error : '');
          box.setAttribute('data-state', job.state);
          if (job.state === 'succeeded') { if (bar) { bar.max = 1; bar.value = 1; } setTimeout(function () { location.href = '/console/datasets?built=' + encodeURIComponent(job.datasetId || ''); }, 600); }
          else if (job.state !== 'failed') setTimeout(tick, 400);
        })
        .catch(function () { setTimeout(tick, 1500); });
    }
    tick();
  }
  document.addEventListener('DOMContentLoaded', function () { drawCharts(); pollJob(); });
})();
`;

export const FAVICON_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b5cad"/><path d="M9 16.5l4.5 4.5L23 11.5" stroke="#fff" stroke-width="3.2" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>';
