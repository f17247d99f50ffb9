// The projects overview's filter (layouts/_partials/project-filter.html):
// shows the form, and on every change hides the projects that do not
// match every chosen value, the years left empty, and says how many are
// shown. The choice is kept in the address (?aar=2025&partnere=…), so a
// filtered list can be linked to. Without this script the page lists
// every project.
(() => {
  const form = document.getElementById('prosjektfilter');
  const list = document.getElementById('prosjektliste');
  if (!form || !list) return;
  const selects = [...form.querySelectorAll('select')];
  const items = [...list.querySelectorAll('li[data-aar]')];
  const status = form.querySelector('[role="status"]');

  const matches = (item, select) => {
    if (!select.value) return true;
    const values = (item.dataset[select.name] || '').split(' ');
    return values.includes(select.value);
  };

  const apply = () => {
    let shown = 0;
    for (const item of items) {
      item.hidden = !selects.every((s) => matches(item, s));
      if (!item.hidden) shown++;
    }
    for (const section of list.querySelectorAll('section')) {
      section.hidden = !section.querySelector('li:not([hidden])');
    }
    const chosen = selects.filter((s) => s.value);
    status.textContent = shown === 0
      ? form.dataset.none
      : form.dataset.shown.replace('%s', shown).replace('%t', items.length);
    const query = new URLSearchParams(chosen.map((s) => [s.name, s.value]));
    history.replaceState(null, '', query.size ? `?${query}` : location.pathname);
  };

  const params = new URLSearchParams(location.search);
  for (const s of selects) {
    const wanted = params.get(s.name);
    if (wanted && [...s.options].some((o) => o.value === wanted)) s.value = wanted;
  }
  form.addEventListener('change', apply);
  // A reset clears the selects after this event: apply once they are.
  form.addEventListener('reset', () => setTimeout(apply));
  form.addEventListener('submit', (e) => { e.preventDefault(); apply(); });
  form.hidden = false;
  apply();
})();
