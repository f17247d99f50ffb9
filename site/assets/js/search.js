// Search with Pagefind, over the index ssu build --search makes. The query
// is folded as the indexed words are (fold.js), results come ten at a time
// with "Vis flere", and each names its type and year. Results are built as
// DOM nodes, never from HTML strings.
import { fold } from "./fold.js";

const PAGE_SIZE = 10;
const EXCERPT_WORDS = 30;
// Where the folded twins of a page's words begin (the search-fold partial).
const FOLD_MARK = "¶";
// Pagefind splits a page's content into words as this does; its word
// locations count these words.
const WORD_SEPARATORS = /[^\S\uFEFF]+/g;

const root = document.getElementById("sok");
const form = root.querySelector("form");
const input = form.querySelector("input[name=q]");
const out = document.getElementById("sokeresultat");
const text = root.dataset;
const table = JSON.parse(text.fold);

let pagefind = null;

async function load() {
  if (pagefind) return pagefind;
  try {
    pagefind = await import(text.bundle + "pagefind.js");
    await pagefind.options({ excerptLength: EXCERPT_WORDS });
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

// bare is a word as compared: folded, without punctuation.
function bare(word) {
  return fold(word, table).replace(/[^\p{L}\p{N}]/gu, "");
}

// excerpt shows the words of the page around its first hit, the hits
// marked. A hit on a folded twin marks the page's own word instead, so that
// the reader sees "skrøpelighet" where "skropelighet" was found.
function excerpt(data) {
  const words = data.content.split(WORD_SEPARATORS);
  const end = words.lastIndexOf(FOLD_MARK);
  const own = end < 0 ? words : words.slice(0, end);
  const hits = new Set();
  for (const at of data.locations) {
    if (at < own.length) {
      hits.add(at);
      continue;
    }
    // The n-th twin of a word stands for the n-th time the page uses it.
    const twin = bare(words[at] ?? "");
    let n = 0;
    for (let j = own.length; j < at; j++) if (bare(words[j]) === twin) n++;
    const i = own.findIndex((w) => bare(w) === twin && n-- === 0);
    if (i >= 0) hits.add(i);
  }
  const first = hits.size ? Math.min(...hits) : 0;
  const start = Math.max(0, Math.min(first - 8, own.length - EXCERPT_WORDS));
  const p = document.createElement("p");
  if (start > 0) p.append("… ");
  for (let i = start; i < Math.min(own.length, start + EXCERPT_WORDS); i++) {
    if (i > start) p.append(" ");
    if (hits.has(i)) {
      const mark = document.createElement("mark");
      mark.textContent = own[i];
      p.append(mark);
    } else {
      p.append(own[i]);
    }
  }
  if (start + EXCERPT_WORDS < own.length) p.append(" …");
  return p;
}

function item(data) {
  const li = document.createElement("li");
  const a = document.createElement("a");
  a.href = data.url;
  a.textContent = data.meta.title || data.url;
  const meta = document.createElement("p");
  meta.className = "results__meta";
  meta.textContent = [data.meta.type, data.meta.year, data.meta.report].filter(Boolean).join(" · ");
  li.append(a, meta, excerpt(data));
  return li;
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
  const response = await pf.search(fold(query, table));
  if (response.results.length === 0) {
    message(text.noResults.replace("%q", query));
    return;
  }
  const heading = document.createElement("h2");
  heading.textContent = text.results.replace("%n", response.results.length).replace("%q", query);
  const list = document.createElement("ol");
  list.className = "results";
  const more = document.createElement("button");
  more.type = "button";
  more.textContent = text.showMore;
  let shown = 0;
  async function next() {
    const batch = response.results.slice(shown, shown + PAGE_SIZE);
    const items = (await Promise.all(batch.map((r) => r.data()))).map(item);
    list.append(...items);
    if (shown > 0) items[0].querySelector("a").focus();
    shown += batch.length;
    more.hidden = shown >= response.results.length;
  }
  more.addEventListener("click", next);
  await next();
  out.replaceChildren(heading, list, more);
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
