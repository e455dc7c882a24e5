"""What a page shows when its connection to the server is lost: Reflex's own English text must never be seen."""



# Set before any page script runs: remembers whether Reflex's English connection text was ever on the page.
WATCH_ENGLISH = """(() => {
  window.__englishConnectionText = false;
  const look = () => {
    if (document.body && /Cannot connect|Connection Error|server is reachable/.test(document.body.textContent)) {
      window.__englishConnectionText = true;
    }
  };
  new MutationObserver(look).observe(document, {childList: true, subtree: true, characterData: true});
})()"""
