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
        opening = { collection: collection?.name || "", id: record?.id || "" };
        return open.apply(this, arguments);
    };
    document.addEventListener("mount:recordUpsertModal", (e) => {
        const target = opening;
        opening = null;
        mountPanel(e.detail, target).catch((err) => report("redigeringspanelet kunne ikke utvides: " + err));
    });
} else {
    report("admin mangler app.modals.openRecordUpsert eller app.pb.send (ny PocketBase-versjon?)");
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
    const onSave = (e) => {
        const r = e.detail;
        if (r?.collectionName != state.collection || (state.id && r.id != state.id)) {
            return;
        }
        state.id = r.id;
        refresh();
    };
    document.addEventListener("record:save", onSave);
    const onUnmount = (e) => {
        if (e.detail == panel) {
            document.removeEventListener("record:save", onSave);
            document.removeEventListener("unmount:recordUpsertModal", onUnmount);
        }
    };
    document.addEventListener("unmount:recordUpsertModal", onUnmount);

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
    const closed = (ev) => {
        if (ev.detail == panel) {
            document.removeEventListener("unmount:recordUpsertModal", closed);
            setTimeout(() => window.location.hash = new URL(href).hash, 0);
        }
    };
    document.addEventListener("unmount:recordUpsertModal", closed);
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
    const closed = (ev) => {
        if (ev.detail == panel) {
            document.removeEventListener("unmount:recordUpsertModal", closed);
            setTimeout(() => window.location.hash = href, 0);
        }
    };
    document.addEventListener("unmount:recordUpsertModal", closed);
    app.modals.close(panel);
}
