// Search with Pagefind. The index exists only in the public build; where it
// is missing (a preview), the page says so. Results are built as DOM nodes,
// never from HTML strings, except Pagefind's <mark> highlights.
const root = document.getElementById("sok");
const form = root.querySelector("form");
const input = form.querySelector("input[name=q]");
const out = document.getElementById("sokeresultat");
const text = root.dataset;

let pagefind = null;

async function load() {
  if (pagefind) return pagefind;
  try {
    pagefind = await import(text.bundle + "pagefind.js");
    await pagefind.init();
    return pagefind;
  } catch {
    return null;
  }
}

function message(s) {
  const p = document.createElement("p");
  p.textContent = s;
  out.replaceChildren(p);
}

// excerpt copies Pagefind's excerpt as text, keeping only its <mark> tags.
function excerpt(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const p = document.createElement("p");
  for (const node of doc.body.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      p.append(mark);
    } else {
      p.append(node.textContent);
    }
  }
  return p;
}

async function search(query) {
  const pf = await load();
  if (!pf) {
    message(text.unavailable);
    input.disabled = true;
    return;
  }
  if (!query.trim()) {
    out.replaceChildren();
    return;
  }
  const response = await pf.search(query);
  if (response.results.length === 0) {
    message(text.noResults.replace("%q", query));
    return;
  }
  const results = await Promise.all(response.results.slice(0, 20).map((r) => r.data()));
  const heading = document.createElement("h2");
  heading.textContent = text.results.replace("%n", response.results.length).replace("%q", query);
  const list = document.createElement("ol");
  list.className = "results";
  for (const r of results) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = r.url;
    a.textContent = r.meta.title || r.url;
    li.append(a, excerpt(r.excerpt));
    list.append(li);
  }
  out.replaceChildren(heading, list);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  history.replaceState(null, "", "?q=" + encodeURIComponent(query));
  search(query);
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  input.value = initial;
  search(initial);
} else {
  load().then((pf) => {
    if (!pf) {
      message(text.unavailable);
      input.disabled = true;
    }
  });
}
