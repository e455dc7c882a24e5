"""Contrast that axe-core does not check (WCAG 1.4.11, non-text contrast), in both colour modes (issue 21: "dark mode
with AA contrast"). axe checks the text against what is behind it; this checks what tells a control from the page:

- a filled button or link (its own background) against what is behind it: 3:1, and its text on it: 4.5:1;
- the edge of a text box or a <select> against what is behind it: 3:1;
- the focus ring (--mv-focus, assets/styles.css) against the page: 3:1.

    from tests.support.contrast import low_contrast
    assert low_contrast(page) == []     # each finding says what, which colours and the ratio
"""

from playwright.sync_api import Page

_LOW_CONTRAST = """() => {
  const parse = value => {
    if (!value || value === 'transparent' || value === 'none') return null;
    const numbers = (value.match(/-?[\\d.]+/g) || []).map(Number);
    if (value.startsWith('color(')) return {rgb: numbers.slice(0, 3), a: numbers.length > 3 ? numbers[3] : 1};
    if (numbers.length < 3) return null;
    return {rgb: numbers.slice(0, 3).map(v => v / 255), a: numbers.length > 3 ? numbers[3] : 1};
  };
  const over = (top, below) => top.a >= 1 ? top.rgb : top.rgb.map((c, i) => c * top.a + below[i] * (1 - top.a));
  const luminance = rgb => {
    const [r, g, b] = rgb.map(c => c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (one, other) => {
    const [light, dark] = [luminance(one), luminance(other)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  };
  const hex = rgb => '#' + rgb.map(c => Math.round(Math.min(1, Math.max(0, c)) * 255).toString(16).padStart(2, '0'))
    .join('');
  // What is painted behind `el` (its ancestors' backgrounds, the translucent ones laid over the opaque one below).
  const behind = el => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour.a > 0) { layers.push(colour); if (colour.a >= 1) break; }
    }
    let base = [1, 1, 1];  // the browser's canvas
    if (layers.length && layers[layers.length - 1].a >= 1) base = layers.pop().rgb;
    return layers.reverse().reduce((below, top) => over(top, below), base);
  };
  const shown = el => {
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    return box.width > 1 && box.height > 1 && style.visibility === 'visible' && style.opacity !== '0';
  };
  const name = el => el.tagName.toLowerCase() + ' "' + (el.innerText || el.getAttribute('aria-label') || el.id || '')
    .trim().slice(0, 30) + '"';
  const found = [];
  const check = (what, el, one, other, least) => {
    const r = ratio(one, other);
    if (r < least) found.push(`${what} ${name(el)}: ${hex(one)} on ${hex(other)} ${r.toFixed(2)}:1 (< ${least}:1)`);
  };
  for (const el of document.querySelectorAll('button, a, [role="button"], input[type="submit"]')) {
    if (!shown(el)) continue;
    const fill = parse(getComputedStyle(el).backgroundColor);
    if (!fill || fill.a < 0.5) continue;  // not a filled control: its text or its edge tells it apart
    const page = behind(el.parentElement), painted = over(fill, page);
    if (ratio(painted, page) < 1.1) continue;  // the same colour as the page: a quiet control, not a fill
    check('fill of', el, painted, page, 3);
    const text = parse(getComputedStyle(el).color);
    if (text && (el.innerText || '').trim()) check('text on', el, over(text, painted), painted, 4.5);
  }
  for (const el of document.querySelectorAll('.rt-TextFieldRoot, .rt-TextAreaRoot, select')) {
    if (!shown(el)) continue;
    const style = getComputedStyle(el);
    const edge = el.tagName === 'SELECT' && parseFloat(style.borderTopWidth) > 0 ? parse(style.borderTopColor)
      : parse((style.boxShadow.match(/(rgba?|color)\\([^)]*\\)/) || [])[0]);
    if (edge) check('edge of', el, over(edge, behind(el)), behind(el.parentElement), 3);
  }
  const ring = parse(getComputedStyle(document.documentElement).getPropertyValue('--mv-focus').trim()
    .replace(/^#(..)(..)(..)$/, (_, r, g, b) => `rgb(${parseInt(r, 16)}, ${parseInt(g, 16)}, ${parseInt(b, 16)})`));
  const main = document.querySelector('main');
  if (ring && main) check('focus ring on', main, ring.rgb, behind(main), 3);
  return found;
}"""


def low_contrast(page: Page) -> list[str]:
    """Every control on the page whose fill, edge or focus ring stands out from the page by less than 3:1."""
    return page.evaluate(_LOW_CONTRAST)
