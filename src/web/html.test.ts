import { describe, expect, it } from 'vitest';
import { html, jsonData, raw } from './html.js';

describe('html', () => {
  it('escapes every interpolated value', () => {
    const name = `<script>alert("x")</script>&'`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe('<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>');
  });
  it('nests templates and arrays without double escaping', () => {
    const items = ['a<b', 'c'].map((s) => html`<li>${s}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
    expect(html`${raw('<br>')}${null}${false}${0}`.value).toBe('<br>0');
  });
  it('keeps JSON data blocks closed', () => {
    expect(jsonData({ t: '</script><script>' }).value).not.toContain('</script>');
  });
});
