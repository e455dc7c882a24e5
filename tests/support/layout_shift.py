"""Layout shift as Lighthouse's CLS adds it up, in the browser of an e2e test (issue 21: nothing on the screen
moves when her data, or "Læs op", arrives after the first paint).

    context.add_init_script(WATCH_SHIFTS)   # before the page's first paint
    page.goto(...); <wait until what arrives is on the screen>
    assert page.evaluate(SHIFTS) < 0.1      # Lighthouse's "good" CLS is below 0.1
"""

# Every layout shift of the page's life that no tap caused (what Lighthouse's CLS adds up), from before its
# first paint on: installed before any of the page's own scripts run.
WATCH_SHIFTS = """
window.__shifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
}).observe({type: 'layout-shift', buffered: true});
"""
# Two frames after what arrived is on the screen, so that its layout has been measured and reported.
SHIFTS = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(
  () => setTimeout(() => done(window.__shifts.reduce((sum, value) => sum + value, 0)), 0))))"""
