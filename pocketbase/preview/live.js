// Live reload for the editors' preview: reload the page when the server
// says a new build is done.
(() => {
  let seen = null;
  const events = new EventSource("/forhandsvisning/_hendelser");
  events.onmessage = (event) => {
    if (seen !== null && event.data !== seen) location.reload();
    seen = event.data;
  };
})();
