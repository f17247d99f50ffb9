// fold lowercases text and replaces letters by table, pairs of [letter,
// replacement] (site.Params.searchFold in hugo.toml), as the search-fold
// partial folds the indexed words: "Skrøpelighet" becomes "skropelighet".
export function fold(text, table) {
  let s = text.toLowerCase();
  for (const [from, to] of table) s = s.replaceAll(from, to);
  return s;
}
