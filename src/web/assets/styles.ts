/** The product's one stylesheet, served as `/assets/app.css` (a file of its own, so the CSP can forbid inline styles). */
export const APP_CSS = String.raw`
:root {
  --blue: #0b5cad; --blue-dark: #08457f; --blue-soft: #e8f1fb;
  --ink: #1c2430; --muted: #56606d; --line: #dbe1e8; --bg: #f3f5f8; --card: #fff;
  --green: #17703a; --green-soft: #e6f4ea; --red: #b42318; --red-soft: #fdecea; --amber: #7a4f00; --amber-soft: #fff4d6;
  --radius: 10px; --shadow: 0 1px 2px rgba(16,24,40,.06), 0 1px 3px rgba(16,24,40,.08);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--bg); line-height: 1.5;
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
a { color: var(--blue); }
a:hover { color: var(--blue-dark); }
:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; border-radius: 4px; }
.skip { position: absolute; left: -9999px; top: 0; background: #fff; padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: 1rem; top: 1rem; }
header.top { background: #fff; border-bottom: 1px solid var(--line); }
header.top .bar { max-width: 1080px; margin: 0 auto; padding: .7rem 1.25rem 0; display: flex; align-items: center; gap: .5rem 1.5rem; flex-wrap: wrap; }
.brand { font-weight: 700; font-size: 1.15rem; color: var(--ink); text-decoration: none; display: flex; align-items: center; gap: .5rem; }
.brand .logo { width: 28px; height: 28px; border-radius: 7px; background: var(--blue); color: #fff; display: inline-grid; place-items: center; font-size: .9rem; }
.brand small { font-weight: 500; color: var(--muted); font-size: .8rem; }
nav.main { display: flex; gap: .25rem; flex-wrap: wrap; order: 3; flex-basis: 100%; margin: 0 -.7rem; }
span.main { order: 3; flex-basis: 100%; height: .7rem; }
nav.main a { text-decoration: none; color: var(--muted); padding: .55rem .6rem .6rem; font-size: .93rem; border-bottom: 3px solid transparent; }
nav.main a:hover { color: var(--ink); border-bottom-color: var(--line); }
nav.main a[aria-current="page"] { color: var(--blue); border-bottom-color: var(--blue); font-weight: 600; }
.who { display: flex; align-items: center; gap: .75rem; font-size: .9rem; color: var(--muted); margin-left: auto; }
.who form { margin: 0; }
.lang { display: flex; gap: .35rem; align-items: center; margin: 0; }
.small-button { padding: .2rem .55rem; font-size: .85rem; }
.lang select { font: inherit; padding: .2rem .3rem; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
main { max-width: 1080px; width: 100%; margin: 0 auto; padding: 1.75rem 1.25rem 3rem; flex: 1; }
main.narrow { max-width: 760px; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 .5rem; }
h2 { font-size: 1.2rem; margin: 0 0 .75rem; }
h3 { font-size: 1rem; margin: 1rem 0 .5rem; }
p.lead { font-size: 1.05rem; color: var(--muted); margin-top: 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: var(--shadow); padding: 1.25rem 1.4rem; margin: 0 0 1.25rem; }
.card > :last-child { margin-bottom: 0; }
.grid { display: grid; gap: 1.25rem; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); }
.grid .card { margin: 0; }
.tiles { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); margin-bottom: 1.25rem; }
.tile { background: #fff; border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem 1.1rem; box-shadow: var(--shadow); }
.tile .n { font-size: 1.6rem; font-weight: 700; }
.tile .l { color: var(--muted); font-size: .9rem; }
.muted { color: var(--muted); }
.small { font-size: .875rem; }
.pill { display: inline-block; padding: .1rem .6rem; border-radius: 999px; font-size: .8rem; font-weight: 600; background: var(--bg); color: var(--muted); border: 1px solid var(--line); }
.pill.on { background: var(--green-soft); color: var(--green); border-color: #b7dfc3; }
.pill.off { background: var(--red-soft); color: var(--red); border-color: #f4c7c3; }
.pill.warn { background: var(--amber-soft); color: var(--amber); border-color: #f0d48a; }
.banner { border-radius: var(--radius); padding: 1rem 1.2rem; margin-bottom: 1.25rem; border: 1px solid; }
.banner.ok { background: var(--green-soft); border-color: #b7dfc3; color: #0f4d27; }
.banner.info { background: var(--blue-soft); border-color: #bcd5f1; color: #0a3a6b; }
.banner.warn { background: var(--amber-soft); border-color: #f0d48a; color: #5c3b00; }
.banner.err { background: var(--red-soft); border-color: #f4c7c3; color: #7a1710; }
.countdown { display: flex; align-items: center; gap: 1.25rem; }
.countdown .days { font-size: 2.4rem; font-weight: 800; color: var(--blue); line-height: 1; min-width: 4.5rem; text-align: center; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1.25rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.cols { display: grid; gap: 1.25rem; grid-template-columns: 1fr 1fr; }
@media (max-width: 720px) { .cols { grid-template-columns: 1fr; } dl.facts { grid-template-columns: 1fr; } }
ul.ticks, ul.crosses { list-style: none; padding: 0; margin: 0; }
ul.ticks li, ul.crosses li { padding: .3rem 0 .3rem 1.6rem; position: relative; }
ul.ticks li::before { content: "✓"; position: absolute; left: 0; color: var(--green); font-weight: 700; }
ul.crosses li::before { content: "✕"; position: absolute; left: 0; color: var(--red); font-weight: 700; }
.switch-row { display: flex; align-items: center; justify-content: space-between; gap: 1rem; padding: 1rem 0; border-top: 1px solid var(--line); border-bottom: 1px solid var(--line); margin: 1rem 0; }
.switch { position: relative; display: inline-flex; align-items: center; gap: .75rem; cursor: pointer; font-weight: 600; }
.switch input { position: absolute; opacity: 0; width: 52px; height: 30px; margin: 0; cursor: pointer; }
.switch .track { width: 52px; height: 30px; border-radius: 999px; background: #98a2b3; position: relative; transition: background .15s; flex: none; }
.switch .track::after { content: ""; position: absolute; top: 3px; left: 3px; width: 24px; height: 24px; border-radius: 50%; background: #fff; box-shadow: 0 1px 2px rgba(0,0,0,.3); transition: transform .15s; }
.switch input:checked + .track { background: var(--green); }
.switch input:checked + .track::after { transform: translateX(22px); }
.switch input:focus-visible + .track { outline: 3px solid #f5a623; outline-offset: 2px; }
form.stack { display: grid; gap: 1rem; }
label.field { display: grid; gap: .3rem; font-weight: 600; }
label.field .hint, .hint { font-weight: 400; color: var(--muted); font-size: .875rem; }
input[type=text], input[type=email], input[type=password], input[type=date], input[type=search], textarea, select {
  font: inherit; padding: .55rem .7rem; border: 1px solid #b8c1cc; border-radius: 8px; background: #fff; color: var(--ink); width: 100%; }
textarea { min-height: 4.5rem; resize: vertical; }
fieldset { border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem 1.2rem; margin: 0; }
legend { font-weight: 700; padding: 0 .4rem; }
.choice { display: flex; gap: .6rem; align-items: flex-start; padding: .5rem 0; }
.choice input { margin-top: .3rem; width: 1.1rem; height: 1.1rem; flex: none; accent-color: var(--blue); }
button, .button { font: inherit; font-weight: 600; border: 1px solid var(--blue); background: var(--blue); color: #fff; padding: .55rem 1.1rem; border-radius: 8px; cursor: pointer; text-decoration: none; display: inline-block; }
button:hover, .button:hover { background: var(--blue-dark); color: #fff; }
button.secondary, .button.secondary { background: #fff; color: var(--blue); }
button.secondary:hover, .button.secondary:hover { background: var(--blue-soft); color: var(--blue-dark); }
button.danger { background: var(--red); border-color: var(--red); }
button.link { background: none; border: none; color: var(--blue); padding: 0; font-weight: 500; text-decoration: underline; }
.actions { display: flex; gap: .75rem; flex-wrap: wrap; align-items: center; }
.actions input, .actions select { width: auto; }
.actions input[type=text], .actions input[type=password] { flex: 1; min-width: 14rem; }
.receipt { border: 1px dashed #8fb3da; background: #f7fbff; border-radius: var(--radius); padding: 1rem 1.2rem; margin: 1rem 0; }
.receipt h2 { font-size: 1rem; text-transform: uppercase; letter-spacing: .06em; color: var(--blue-dark); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .875em; }
.hash { word-break: break-all; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; padding: .5rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: .85rem; text-transform: uppercase; letter-spacing: .03em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; }
details { margin: .5rem 0; }
summary { cursor: pointer; font-weight: 600; color: var(--blue); }
.chart-box { position: relative; height: 280px; }
.progress { height: 12px; background: var(--bg); border: 1px solid var(--line); border-radius: 999px; overflow: hidden; }
.progress > div { height: 100%; background: var(--blue); width: 0; transition: width .3s; }
progress { width: 100%; height: 14px; appearance: none; -webkit-appearance: none; border: 1px solid var(--line); border-radius: 999px; overflow: hidden; background: var(--bg); }
progress::-webkit-progress-bar { background: var(--bg); border-radius: 999px; }
progress::-webkit-progress-value { background: var(--blue); border-radius: 999px; transition: width .3s; }
progress::-moz-progress-bar { background: var(--blue); }
footer.foot { border-top: 1px solid var(--line); background: #fff; }
footer.foot .bar { max-width: 1080px; margin: 0 auto; padding: 1rem 1.25rem; color: var(--muted); font-size: .85rem; display: flex; gap: 1.5rem; flex-wrap: wrap; }
.picker { display: grid; gap: .75rem; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); }
.picker form { margin: 0; }
.picker button { width: 100%; text-align: left; background: #fff; color: var(--ink); border: 1px solid var(--line); box-shadow: var(--shadow); padding: .8rem 1rem; font-weight: 400; }
.picker button:hover { border-color: var(--blue); background: var(--blue-soft); color: var(--ink); }
.picker button strong { display: block; }
.hero { background: linear-gradient(135deg, #0b5cad, #2a7fd4); color: #fff; border-radius: var(--radius); padding: 1.75rem; margin-bottom: 1.5rem; }
.hero h1 { color: #fff; }
.hero p { color: #e6f0fb; margin: 0; }
.hero a { color: #fff; }
.post { white-space: pre-wrap; }
pre { white-space: pre-wrap; word-break: break-word; background: var(--bg); padding: 1rem; border-radius: 8px; overflow: auto; }
.kv { display: flex; gap: .5rem; align-items: baseline; flex-wrap: wrap; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0,0,0,0); border: 0; }
`;

/** Charts and lists shared by the console and the audit report. */
export const EXTRA_CSS = String.raw`
figure.chart { margin: 1rem 0; }
figure.chart > svg { width: 100%; height: auto; max-width: 820px; display: block; }
ul.legend svg { display: inline-block; vertical-align: -1px; }
figure.chart figcaption { color: var(--muted); font-size: .85rem; }
ul.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .3rem 1rem; padding: 0; margin: .3rem 0; font-size: .8rem; }
ul.feed { list-style: none; padding: 0; margin: 0; }
.two { display: grid; gap: 1.25rem; grid-template-columns: 1fr 1fr; }
@media (max-width: 860px) { .two { grid-template-columns: 1fr; } }
.big { font-size: 1.8rem; font-weight: 700; }
.stat-ok { color: var(--green); font-weight: 700; }
.stat-bad { color: var(--red); font-weight: 700; }
`;
