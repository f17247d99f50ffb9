// Live reload for the editors' preview: reload the page when the server
// says a new build is done.
(() => {
  let seen = null;
  // The page's address: after an edit the server builds this page first.
  const events = new EventSource("/forhandsvisning/_hendelser?side=" + encodeURIComponent(location.pathname));
  events.onmessage = (event) => {
    if (seen !== null && event.data !== seen) location.reload();
    seen = event.data;
  };
})();
