// SSU's desk in the PocketBase admin: it opens on the reports with the
// content collections first; a record's edit panel links to its page in
// the preview ("Forhåndsvis") and on the public site ("Se publisert
// side"), and a report's panel starts next year's report. Plain DOM and a
// few of the admin's globals only (app.pb, app.modals.openRecordUpsert,
// app.routes.fallbackPath, app.utils.sortedCollectionsByType, and the
// mount:/unmount: and record: events). It fails quietly: anything missing
// or failing leaves the stock admin as it is and is reported once to the
// server log.

const api = "/api/ssu/skrivebord/";
const reported = new Set();
let labels = null; // the Norwegian names of collections and fields (desk.Labels), once the server has sent them

// report writes one line to the server log, once per kind of problem: the
// text before its first colon.
function report(message) {
    const kind = message.split(":")[0];
    if (reported.has(kind)) {
        return;
    }
    reported.add(kind);
    try {
        app.pb.send(api + "logg", { method: "POST", body: { melding: message } }).catch(() => {});
    } catch (_) {
        // nothing more to do: the admin works without the desk
    }
}

// reports is the collection the admin opens on (schema.Reports; a test
// holds the two together).
const reports = "arsrapporter";

// The desk, not the database: after sign-in the admin opens on the
// reports, and the sidebar lists the content collections first, in the
// server's order, and the logs and users last.
if (typeof window.app?.routes == "object" && typeof window.app?.utils?.sortedCollectionsByType == "function") {
    app.routes.fallbackPath = "#/collections?collection=" + reports;
    const sortByType = app.utils.sortedCollectionsByType;
    let order = null;
    let asked = false;
    const inOrder = (collections) => {
        const rank = (c) => {
            const first = order.forst.indexOf(c.name);
            if (first >= 0) {
                return first;
            }
            const last = order.sist.indexOf(c.name);
            return last >= 0 ? 10000 + last : 5000;
        };
        // A stable sort: the rest keep the admin's own order.
        return [...collections].sort((a, b) => rank(a) - rank(b));
    };
    app.utils.sortedCollectionsByType = function() {
        const sorted = sortByType.apply(this, arguments);
        if (order) {
            return inOrder(sorted);
        }
        if (!asked) {
            asked = true;
            app.pb.send(api + "samlinger", { method: "GET", requestKey: null }).then((o) => {
                order = o;
                labels = o.navn || {};
                applyLabels();
                app.store.collections = inOrder(app.store.collections);
            }).catch((err) => {
                asked = false;
                report("rekkefølgen på samlingene kunne ikke hentes: " + (err?.message || err));
            });
        }
        return sorted;
    };
} else {
    report("admin mangler app.routes eller app.utils.sortedCollectionsByType (ny PocketBase-versjon?)");
}

// The collection and record the next edit panel is opened for, taken from
// the admin's own call to open it.
let opening = null;

if (typeof window.app?.modals?.openRecordUpsert == "function" && typeof window.app?.pb?.send == "function") {
    const open = app.modals.openRecordUpsert;
    app.modals.openRecordUpsert = function(collection, record) {
        opening = { collection: collection?.name || "", id: (typeof record == "string" ? record : record?.id) || "" };
        const args = [...arguments];
        args[1] = withDraftStatus(collection, record);
        return open.apply(this, args);
    };
    document.addEventListener("mount:recordUpsertModal", (e) => {
        const target = opening;
        opening = null;
        mountPanel(e.detail, target).catch((err) => report("redigeringspanelet kunne ikke utvides: " + err));
        mountChecks(e.detail, target).catch((err) => report("varslene kunne ikke vises: " + err));
        mountToolbars(e.detail).catch((err) => report("verktøylinjen kunne ikke vises: " + err));
    });
} else {
    report("admin mangler app.modals.openRecordUpsert eller app.pb.send (ny PocketBase-versjon?)");
}

// whenClosed calls f once the admin has closed panel (unmounted it).
function whenClosed(panel, f) {
    const closed = (e) => {
        if (e.detail == panel) {
            document.removeEventListener("unmount:recordUpsertModal", closed);
            f();
        }
    };
    document.addEventListener("unmount:recordUpsertModal", closed);
}

// onSaveWhileOpen calls onSave with each record the admin saves while
// panel is open.
function onSaveWhileOpen(panel, onSave) {
    const saved = (e) => onSave(e.detail);
    document.addEventListener("record:save", saved);
    whenClosed(panel, () => document.removeEventListener("record:save", saved));
}

// rendered waits for the admin to render selector inside el (it renders a
// panel's content after announcing the panel), for at most ten seconds:
// a busy machine can take more than one.
async function rendered(el, selector) {
    for (let waited = 0; waited < 10000; waited += 50) {
        const found = el?.querySelector(selector);
        if (found) {
            return found;
        }
        await new Promise((r) => setTimeout(r, 50));
    }
    return null;
}

async function mountPanel(panel, target) {
    if (!target?.collection) {
        report("redigeringspanelet ble åpnet uten kjent samling");
        return;
    }
    const header = await rendered(panel, ".modal-header");
    if (!header) {
        report("redigeringspanelet mangler .modal-header");
        return;
    }
    // A row of its own under the title, in the header's grid.
    const bar = document.createElement("div");
    bar.className = "ssu-desk col-12 flex flex-wrap gap-10";
    (header.querySelector(":scope > .grid") || header).appendChild(bar);

    const state = { collection: target.collection, id: target.id, panel };
    const refresh = () => show(bar, state).catch((err) => {
        bar.replaceChildren();
        // A request the SDK cancelled for a newer one is no problem.
        if (err?.status != 404 && !err?.isAbort) {
            report("sideadressen kunne ikke hentes: " + (err?.message || err));
        }
    });

    // A new record gets its links as soon as it is saved; a saved one
    // may have been published or unpublished.
    onSaveWhileOpen(panel, (r) => {
        if (r?.collectionName != state.collection || (state.id && r.id != state.id)) {
            return;
        }
        state.id = r.id;
        refresh();
    });

    if (state.id) {
        refresh();
    }
}

async function show(bar, state) {
    const page = await app.pb.send(
        api + "side/" + encodeURIComponent(state.collection) + "/" + encodeURIComponent(state.id),
        { method: "GET", requestKey: null },
    );
    const items = [link("Forhåndsvis", page.forhandsvisning, "ri-eye-line")];
    if (page.publisert) {
        items.push(link("Se publisert side", page.publisert, "ri-external-link-line"));
    }
    if (page.nesteAar) {
        items.push(nextYearButton(bar, page.nesteAar, state.panel));
    }
    items.push(...await workflowItems(state));
    bar.replaceChildren(...items);
}

function link(text, href, icon) {
    const a = document.createElement("a");
    a.className = "btn sm secondary";
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener";
    a.append(iconElement(icon), textElement(text));
    return a;
}

function nextYearButton(bar, year, panel) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn sm outline";
    button.append(iconElement("ri-file-add-line"), textElement("Start årsrapporten for " + year));
    button.onclick = async () => {
        if (!window.confirm(
            "Lage utkast til årsrapporten for " + year + " fra denne rapporten? "
                + "Det som finnes fra før, blir ikke laget på nytt.",
        )) {
            return;
        }
        button.disabled = true;
        const result = document.createElement("div");
        result.className = "ssu-desk-result";
        result.style.cssText = "width: 100%; max-height: 14rem; overflow: auto";
        try {
            const res = await app.pb.send(api + "ny-rapport/" + year, { method: "POST", requestKey: null });
            const text = document.createElement("pre");
            text.textContent = res.tekst;
            text.style.cssText = "white-space: pre-wrap; margin: 0 0 0.5rem";
            const open = document.createElement("a");
            open.href = "#/collections?collection=" + reports + "&record=" + encodeURIComponent(res.rapport);
            open.textContent = "Åpne årsrapporten for " + year;
            open.onclick = (e) => openAfterClose(e, panel, open.href);
            result.append(text, open);
        } catch (err) {
            result.textContent = err?.response?.message || "Rapporten kunne ikke startes.";
            report("ny-rapport feilet: " + (err?.message || err));
        }
        bar.querySelector(".ssu-desk-result")?.remove();
        bar.appendChild(result);
        button.disabled = false;
    };
    return button;
}

// openAfterClose follows a link to another record once this panel is
// closed: while it is open, the admin takes the record out of the address
// again as it closes.
function openAfterClose(e, panel, href) {
    if (typeof app.modals.close != "function") {
        return; // the link is followed as it is
    }
    e.preventDefault();
    whenClosed(panel, () => setTimeout(() => window.location.hash = new URL(href).hash, 0));
    app.modals.close(panel);
}

function iconElement(name) {
    const i = document.createElement("i");
    i.className = name;
    i.ariaHidden = "true";
    return i;
}

function textElement(text) {
    const span = document.createElement("span");
    span.className = "txt";
    span.textContent = text;
    return span;
}

// ---- Publishing: working copies and four eyes (pocketbase/workflow) ----
//
// The buttons of a page with a status: «Lag arbeidskopi» on a published
// page, «Forkast arbeidskopi», «Klar til godkjenning», «Godkjenn og
// publiser» (for another editor than the one who marked it ready) and
// «Publiser uten godkjenning» (asks for the reason). The server checks
// each step again; its Norwegian answer is shown as it is. After a step
// the panel is opened again, so that the form holds the stored version.

async function workflowItems(state) {
    let s;
    try {
        s = await app.pb.send(
            api + "arbeidsflyt/" + encodeURIComponent(state.collection) + "/" + encodeURIComponent(state.id),
            { method: "GET", requestKey: null },
        );
    } catch (err) {
        if (err?.status != 404 && !err?.isAbort) {
            report("publiseringsstatus kunne ikke hentes: " + (err?.message || err));
        }
        return [];
    }
    const path = encodeURIComponent(state.collection) + "/" + encodeURIComponent(state.id);
    const items = [];
    if (s.publisert && !s.arbeidskopi) {
        items.push(step("Lag arbeidskopi", "ri-file-copy-line", state, async () => {
            const res = await app.pb.send(api + "arbeidskopi/" + path, { method: "POST", requestKey: null });
            return { melding: res.melding, open: res.id };
        }));
    }
    if (s.publisert && s.arbeidskopi) {
        items.push(note("Denne siden har en arbeidskopi."));
        items.push(step("Åpne arbeidskopien", "ri-edit-line", state, async () => ({ open: s.arbeidskopi })));
    }
    if (s.arbeidskopi || s.arbeidskopiAv) {
        items.push(step("Forkast arbeidskopi", "ri-delete-bin-line", state, async () => {
            if (!window.confirm("Forkaste arbeidskopien? Det som er skrevet i den, blir borte (det står i historikken).")) {
                return null;
            }
            const res = await app.pb.send(api + "arbeidskopi/" + path, { method: "DELETE", requestKey: null });
            return { melding: res.melding, open: s.arbeidskopiAv || state.id };
        }));
    }
    if (s.publisert) {
        return items;
    }
    if (s.arbeidskopiAv) {
        items.push(note("Arbeidskopi: nettstedet viser den publiserte versjonen til denne er godkjent."));
    }
    if (s.status != "klar") {
        items.push(step("Klar til godkjenning", "ri-checkbox-circle-line", state, async () => {
            const res = await app.pb.send(api + "klar/" + path, { method: "POST", requestKey: null });
            return { melding: res.melding };
        }));
    } else if (s.godkjentAv) {
        items.push(note("Godkjent av " + s.godkjentAv + "; publiseres ved «publiser_fra»."));
    } else if (s.kanGodkjenne) {
        items.push(step("Godkjenn og publiser", "ri-shield-check-line", state, async () => {
            if (!window.confirm("Godkjenne versjonen du ser, meldt klar av " + s.klarAv + ", og publisere den?")) {
                return null;
            }
            const res = await app.pb.send(api + "godkjenn/" + path, { method: "POST", body: { versjon: s.versjon }, requestKey: null });
            return { melding: res.melding, open: s.arbeidskopiAv };
        }));
    } else {
        items.push(note("Meldt klar av " + s.klarAv + ": en annen redaktør må godkjenne."));
    }
    if (!s.godkjentAv) {
        items.push(step("Publiser uten godkjenning", "ri-alarm-warning-line", state, async () => {
            const reason = window.prompt("Hvorfor publiseres dette uten at en annen redaktør har godkjent det? Begrunnelsen lagres i historikken og publiseringsloggen.");
            if (reason === null) {
                return null;
            }
            const res = await app.pb.send(api + "publiser-alene/" + path, { method: "POST", body: { versjon: s.versjon, begrunnelse: reason }, requestKey: null });
            return { melding: res.melding, open: s.arbeidskopiAv };
        }));
    }
    return items;
}

// step is a workflow button: run returns null when the editor cancelled,
// or the message to show and the record to open next (this one if none).
function step(text, icon, state, run) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn sm outline";
    button.append(iconElement(icon), textElement(text));
    button.onclick = async () => {
        button.disabled = true;
        let done;
        try {
            done = await run();
        } catch (err) {
            window.alert(err?.response?.message || "Steget kunne ikke fullføres.");
            if (!err?.status || err.status >= 500) {
                report("publiseringssteget feilet: " + (err?.message || err));
            }
        }
        button.disabled = false;
        if (!done) {
            return;
        }
        if (done.melding) {
            window.alert(done.melding);
        }
        reopen(state.panel, state.collection, done.open || state.id);
    };
    return button;
}

function note(text) {
    const span = document.createElement("span");
    span.className = "txt-hint";
    span.textContent = text;
    return span;
}

// reopen closes the panel and opens the record collection/id, so that the
// form shows what is stored now.
function reopen(panel, collection, id) {
    const href = "#/collections?collection=" + encodeURIComponent(collection) + "&record=" + encodeURIComponent(id);
    if (typeof app.modals.close != "function") {
        window.location.hash = href;
        return;
    }
    whenClosed(panel, () => setTimeout(() => window.location.hash = href, 0));
    app.modals.close(panel);
}

// ---- New records are drafts ------------------------------------------
// A new record of a collection with a status starts as «utkast» instead of
// the admin's empty "- Select -".

function withDraftStatus(collection, record) {
    const isNew = !record || (typeof record == "object" && !record.id);
    const status = collection?.fields?.find?.((f) => f.name == "status" && f.type == "select");
    if (!isNew || !status?.values?.includes("utkast")) {
        return record;
    }
    return Object.assign({ status: "utkast" }, record || {});
}

// ---- Norwegian labels ------------------------------------------------
// The sidebar and the edit panel's field labels get their Norwegian
// names; the raw name stays in the title. Re-applied whenever the admin
// renders, as it renders the labels again.

function applyLabels() {
    if (!labels) {
        return;
    }
    for (const item of document.querySelectorAll(".collections-sidebar .nav-item[title]")) {
        const label = labels[item.title]?.navn;
        const txt = item.querySelector(".txt");
        if (label && txt && txt.textContent != label) {
            txt.textContent = label;
        }
    }
    for (const panel of document.querySelectorAll(".record-upsert-modal")) {
        const collection = panel.dataset.ssuCollection;
        const fields = labels[collection]?.felt;
        if (!fields) {
            continue;
        }
        for (const wrapper of panel.querySelectorAll(".record-field-input")) {
            const label = wrapper.querySelector("label");
            const txt = label?.querySelector(".txt");
            const input = (label?.htmlFor && document.getElementById(label.htmlFor)) || wrapper.querySelector("[name]");
            const name = input?.name || input?.getAttribute?.("name");
            if (!txt || !fields[name]) {
                continue;
            }
            const text = fields[name] + (wrapper.classList.contains("field-type-date") ? " (norsk tid)" : "");
            if (txt.textContent != text) {
                txt.textContent = text;
                txt.title = name;
            }
        }
    }
}

if (typeof MutationObserver == "function") {
    let queued = false;
    new MutationObserver(() => {
        if (!queued && labels) {
            queued = true;
            requestAnimationFrame(() => {
                queued = false;
                applyLabels();
            });
        }
    }).observe(document.documentElement, { childList: true, subtree: true });
}

// ---- Dates in Norwegian time -------------------------------------------
// The admin converts dates between the stored UTC and the browser's own
// time zone; SSU's dates are Norwegian (Europe/Oslo) wherever the editor
// is, so the three conversions it uses are made in Oslo time.

const osloFormat = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Oslo", hourCycle: "h23",
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
});

// oslo gives the Oslo wall-clock time of a date: {y, mo, d, h, mi, s}.
function oslo(date) {
    const p = {};
    for (const part of osloFormat.formatToParts(date)) {
        p[part.type] = part.value;
    }
    return p;
}

function toDate(strOrDate) {
    if (strOrDate instanceof Date) {
        return strOrDate;
    }
    return typeof strOrDate == "string" ? new Date(strOrDate.replace(" ", "T")) : new Date(strOrDate);
}

// fromOslo is the moment an Oslo wall-clock time "YYYY-MM-DDTHH:mm[:ss]" names.
function fromOslo(wall) {
    const [date, time] = wall.replace(" ", "T").split("T");
    const [y, mo, d] = date.split("-").map(Number);
    const [h, mi, sec] = (time + ":0:0").split(":").map(Number);
    const asUTC = Date.UTC(y, mo - 1, d, h, mi, Math.floor(sec));
    const offset = (at) => {
        const p = oslo(new Date(at));
        return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - at;
    };
    let at = asUTC - offset(asUTC);
    at = asUTC - offset(at); // across a change to or from summer time
    return new Date(at);
}

const zoneless = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?$/;

if (typeof window.app?.utils?.toDatetimeLocalInputValue == "function" && typeof app.utils.toRFC3339Datetime == "function") {
    const toRFC3339 = app.utils.toRFC3339Datetime;
    app.utils.toDatetimeLocalInputValue = function(strOrDate) {
        const date = strOrDate ? toDate(strOrDate) : null;
        if (!date || isNaN(date.getTime())) {
            return "";
        }
        const p = oslo(date);
        return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
    };
    app.utils.toLocalDatetime = function(strOrDate) {
        const date = strOrDate ? toDate(strOrDate) : null;
        if (!date || isNaN(date.getTime())) {
            return "";
        }
        const p = oslo(date);
        const ms = String(date.getUTCMilliseconds()).padStart(3, "0");
        return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}.${ms}`;
    };
    app.utils.toRFC3339Datetime = function(strOrDate) {
        if (typeof strOrDate == "string" && zoneless.test(strOrDate.trim())) {
            return fromOslo(strOrDate.trim()).toISOString().replace("T", " ");
        }
        return toRFC3339.apply(this, arguments);
    };
} else {
    report("admin mangler app.utils.toDatetimeLocalInputValue (ny PocketBase-versjon?)");
}

// ---- Before publishing: warnings, spelling, readability ----------------
// Under the panel's links: what the quality gate would say about the
// page (GET sjekk/…), refreshed after each save. A report's panel also
// lists its parts, each opening its record, with buttons that add one.

const partCollections = ["rapportdeler", "medlemskap", "lenker", "tilskuddsrunder", "utvalgsstatus"];

async function mountChecks(panel, target) {
    if (!target?.collection) {
        return;
    }
    panel.dataset.ssuCollection = target.collection;
    applyLabels();
    // At the top of the panel's scrolling content, before the fields.
    const content = await rendered(panel, ".modal-content");
    if (!content) {
        report("redigeringspanelet mangler .modal-content");
        return;
    }
    const box = document.createElement("section");
    box.className = "ssu-desk-checks";
    box.ariaLive = "polite";
    box.style.cssText = "font-size: 0.9em; margin: 0 0 1rem";
    const parts = document.createElement("section");
    parts.className = "ssu-desk-parts";
    parts.style.cssText = "font-size: 0.9em; margin: 0 0 1rem";
    content.prepend(box, parts);

    const state = { id: target.id };
    const refresh = () => {
        if (!state.id) {
            return;
        }
        showChecks(box, target.collection, state.id).catch((err) => {
            box.replaceChildren();
            if (err?.status != 404 && !err?.isAbort) {
                report("varslene kunne ikke hentes: " + (err?.message || err));
            }
        });
        if (target.collection == reports) {
            showParts(parts, state.id).catch((err) => {
                parts.replaceChildren();
                if (!err?.isAbort) {
                    report("rapportens deler kunne ikke hentes: " + (err?.message || err));
                }
            });
        }
    };
    onSaveWhileOpen(panel, (r) => {
        if (r?.collectionName == target.collection && (!state.id || r.id == state.id)) {
            state.id = r.id;
            refresh();
        } else if (target.collection == reports && partCollections.includes(r?.collectionName)) {
            refresh();
        }
    });
    refresh();
}

function element(tag, text, className) {
    const el = document.createElement(tag);
    if (text) {
        el.textContent = text;
    }
    if (className) {
        el.className = className;
    }
    return el;
}

async function showChecks(box, collection, id) {
    const res = await app.pb.send(
        api + "sjekk/" + encodeURIComponent(collection) + "/" + encodeURIComponent(id),
        { method: "GET", requestKey: null },
    );
    const items = [];
    const count = res.varsler.length + (res.stavefeil.length ? 1 : 0);
    const title = element("h3", count ? "Før du publiserer: " + count + (count == 1 ? " varsel" : " varsler") : "Før du publiserer: ingen varsler", "ssu-desk-checks-title");
    title.style.cssText = "font-size: 1em; margin: 0.25rem 0";
    items.push(title);
    if (res.varsler.length) {
        const list = element("ul", "", "ssu-desk-warnings");
        list.style.cssText = "margin: 0 0 0.5rem 1.25rem; list-style: disc";
        for (const w of res.varsler) {
            const li = element("li", w.tekst, "ssu-desk-warning");
            li.dataset.felt = w.felt;
            list.appendChild(li);
        }
        items.push(list);
    }
    if (res.stavefeil.length) {
        const p = element("p", "", "ssu-desk-spelling");
        p.append(
            element("strong", "Mulige stavefeil: "),
            element("span", res.stavefeil.join(", "), "ssu-desk-misspelled"),
            element("span", ". Er det et navn eller fagord, legg det i Ordliste."),
        );
        items.push(p);
    }
    if (res.stavekontroll) {
        items.push(element("p", res.stavekontroll, "ssu-desk-spelling-off txt-hint"));
    }
    if (res.lesbarhet && res.lesbarhet.ord > 0) {
        const r = res.lesbarhet;
        const p = element("p", "", "ssu-desk-readability");
        p.append(
            element("strong", "Lesbarhet: LIX " + r.lix + " (" + r.niva + "). "),
            element("span", "LIX er ord per setning pluss andelen lange ord (over seks bokstaver) i prosent: under 40 er lett å lese, 40–50 middels, over 50 vanskelig. "
                + r.ord + " ord i " + r.setninger + " setninger."),
        );
        items.push(p);
        if (r.lengste?.length && r.lix >= 40) {
            const list = element("ol", "", "ssu-desk-longest");
            list.style.cssText = "margin: 0 0 0.5rem 1.25rem; list-style: decimal";
            for (const s of r.lengste) {
                list.appendChild(element("li", s));
            }
            items.push(element("p", "De lengste setningene:"), list);
        }
    }
    box.replaceChildren(...items);
}

async function showParts(box, reportId) {
    const lists = await app.pb.send(api + "deler/" + encodeURIComponent(reportId), { method: "GET", requestKey: null });
    const items = [];
    for (const l of lists) {
        const group = element("div", "", "ssu-desk-part-list");
        group.dataset.samling = l.samling;
        const h = element("h3", l.tittel);
        h.style.cssText = "font-size: 1em; margin: 0.5rem 0 0.25rem";
        group.appendChild(h);
        const ul = element("ul");
        ul.style.cssText = "margin: 0 0 0.25rem 1.25rem; list-style: disc";
        for (const part of l.deler) {
            const li = element("li");
            const a = element("a", part.tittel + (part.utkast ? " (utkast)" : ""));
            a.href = "#/collections?collection=" + l.samling + "&record=" + encodeURIComponent(part.id);
            a.onclick = (e) => {
                const coll = collectionNamed(l.samling);
                if (coll) {
                    e.preventDefault();
                    app.modals.openRecordUpsert(coll, { id: part.id });
                }
            };
            li.appendChild(a);
            ul.appendChild(li);
        }
        if (!l.deler.length) {
            ul.appendChild(element("li", "Ingen ennå."));
        }
        group.appendChild(ul);
        if (l.ny && collectionNamed(l.samling)) {
            const add = element("button", "", "btn sm outline");
            add.type = "button";
            add.append(iconElement("ri-add-line"), textElement(l.ny));
            add.onclick = () => app.modals.openRecordUpsert(collectionNamed(l.samling), { rapport: reportId });
            group.appendChild(add);
        }
        items.push(group);
    }
    box.replaceChildren(...items);
}

function collectionNamed(name) {
    return (app.store?.collections || []).find((c) => c.name == name);
}

// ---- Markdown toolbar --------------------------------------------------
// Over every body field (tekst): buttons that write Markdown around the
// selection (bold, italic, heading, list, quote, link) and a link to
// another page of the site chosen by its title. Plain buttons in the tab
// order, a toolbar the arrow keys move in, and Ctrl+B / Ctrl+I in the
// text. Only Markdown is stored.

const toolbarActions = [
    { label: "Fet", icon: "ri-bold", key: "b", wrap: ["**", "**"], example: "fet tekst" },
    { label: "Kursiv", icon: "ri-italic", key: "i", wrap: ["_", "_"], example: "kursiv tekst" },
    { label: "Overskrift", icon: "ri-heading", line: "## ", example: "Overskrift" },
    { label: "Punktliste", icon: "ri-list-unordered", line: "- ", example: "punkt" },
    { label: "Sitat", icon: "ri-double-quotes-l", line: "> ", example: "sitat" },
    { label: "Lenke", icon: "ri-link", wrap: ["[", "](https://)"], example: "lenketekst" },
];

async function mountToolbars(panel) {
    if (!await rendered(panel, "textarea[name=tekst]")) {
        return; // a collection without a body
    }
    for (const area of panel.querySelectorAll("textarea[name=tekst]")) {
        if (area.dataset.ssuToolbar) {
            continue;
        }
        area.dataset.ssuToolbar = "1";
        const bar = element("div", "", "ssu-md-toolbar flex flex-wrap gap-5");
        bar.setAttribute("role", "toolbar");
        bar.ariaLabel = "Formatering av teksten";
        bar.style.cssText = "margin: 0 0 0.25rem";
        for (const action of toolbarActions) {
            const b = element("button", "", "btn xs secondary");
            b.type = "button";
            b.title = action.label + (action.key ? " (Ctrl+" + action.key.toUpperCase() + ")" : "");
            b.ariaLabel = action.label;
            b.append(iconElement(action.icon), textElement(action.label));
            b.onclick = () => format(area, action);
            bar.appendChild(b);
        }
        bar.appendChild(pageLinkControl(area));
        bar.addEventListener("keydown", (e) => {
            const buttons = [...bar.querySelectorAll("button")];
            const i = buttons.indexOf(document.activeElement);
            if (i < 0 || (e.key != "ArrowRight" && e.key != "ArrowLeft")) {
                return;
            }
            e.preventDefault();
            buttons[(i + (e.key == "ArrowRight" ? 1 : buttons.length - 1)) % buttons.length].focus();
        });
        area.addEventListener("keydown", (e) => {
            const action = (e.ctrlKey || e.metaKey) && !e.altKey && toolbarActions.find((a) => a.key == e.key.toLowerCase());
            if (action) {
                e.preventDefault();
                format(area, action);
            }
        });
        const wrapper = area.closest(".autoexpand-wrapper") || area;
        wrapper.parentNode.insertBefore(bar, wrapper);
    }
}

// format writes the action's Markdown around the selection (or an example
// text, selected), and tells the admin the field changed.
function format(area, action) {
    const { selectionStart: start, selectionEnd: end, value } = area;
    const chosen = value.slice(start, end) || action.example;
    let text, selStart, selEnd;
    if (action.line) {
        const lineStart = value.lastIndexOf("\n", start - 1) + 1;
        const lines = (start == end ? chosen : value.slice(lineStart, end)).split("\n").map((l) => action.line + l);
        text = lines.join("\n");
        const from = start == end ? start : lineStart;
        const before = from > 0 && value[from - 1] != "\n" ? "\n\n" : "";
        area.setRangeText(before + text, from, start == end ? end : end, "end");
        selStart = from + before.length + action.line.length;
        selEnd = from + before.length + text.length;
    } else {
        text = action.wrap[0] + chosen + action.wrap[1];
        area.setRangeText(text, start, end, "end");
        selStart = start + action.wrap[0].length;
        selEnd = selStart + chosen.length;
    }
    area.focus();
    area.setSelectionRange(selStart, selEnd);
    area.dispatchEvent(new Event("input", { bubbles: true }));
}

// pageLinkControl: "Lenke til side": a search of the site's pages by
// title; choosing one writes a Markdown link to its address.
function pageLinkControl(area) {
    const wrap = element("span", "", "ssu-md-pagelink flex gap-5");
    const listId = "ssu-pages-" + Math.random().toString(36).slice(2);
    const input = element("input");
    input.type = "search";
    input.setAttribute("list", listId);
    input.placeholder = "Lenke til side: skriv tittelen";
    input.ariaLabel = "Lenke til en side på nettstedet: skriv tittelen";
    input.style.cssText = "min-width: 14rem; height: auto; padding: 2px 6px";
    const list = element("datalist");
    list.id = listId;
    let found = [];
    input.oninput = async () => {
        const q = input.value.trim();
        const hit = found.find((p) => p.tittel == q);
        if (hit) {
            insertPageLink(area, hit);
            input.value = "";
            return;
        }
        if (q.length < 2) {
            return;
        }
        try {
            found = await app.pb.send(api + "sider?q=" + encodeURIComponent(q), { method: "GET", requestKey: "ssu-pages" });
            list.replaceChildren(...found.map((p) => {
                const o = element("option");
                o.value = p.tittel;
                o.label = p.adresse;
                return o;
            }));
        } catch (err) {
            if (!err?.isAbort) {
                report("sidesøket feilet: " + (err?.message || err));
            }
        }
    };
    input.onkeydown = (e) => {
        if (e.key == "Enter") {
            e.preventDefault();
            const hit = found.find((p) => p.tittel.toLowerCase() == input.value.trim().toLowerCase()) || found[0];
            if (hit) {
                insertPageLink(area, hit);
                input.value = "";
            }
        }
    };
    wrap.append(input, list);
    return wrap;
}

function insertPageLink(area, page) {
    const { selectionStart: start, selectionEnd: end, value } = area;
    const text = value.slice(start, end) || page.tittel;
    area.setRangeText("[" + text + "](" + page.adresse + ")", start, end, "end");
    area.focus();
    area.dispatchEvent(new Event("input", { bubbles: true }));
}
