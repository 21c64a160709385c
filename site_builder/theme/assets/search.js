/* Search with Pagefind's JavaScript API (pagefind/pagefind.js, written by the build):
   - the header box shows results as one types: articles first, then actor and place pages as
     typed suggestions; arrows move through them, Escape closes, Enter opens the search page;
   - the search page: the same, with filters (type, actors, places, year; several at once),
     kept in the address so that a search can be shared;
   - `/` puts the cursor in the search box;
   - on a page opened from a result, the searched words are highlighted (pagefind-highlight.js).
   Without JavaScript the header box is a form leading to the search page. */

const form = document.querySelector(".search-form");
const base = (form && form.dataset.base) || "/";
const HIGHLIGHT = "pagefind-highlight";
const TYPES = { Article: "Article", Acteur: "Acteur", Lieu: "Lieu" };
const FILTERS = [  // Pagefind filter, legend, how several values combine
  ["type", "Type", "any"], ["annee", "Année", "any"], ["acteur", "Acteurs", "all"],
  ["lieu", "Lieux", "all"]];
const SHOWN_VALUES = 8;
const PAGE_SIZE = 10;
let engine = null;

function loadPagefind() {
  if (!engine) {
    engine = import(`${base}pagefind/pagefind.js`).then(async (pagefind) => {
      await pagefind.options({ baseUrl: base, highlightParam: HIGHLIGHT, excerptLength: 24 });
      pagefind.init();
      return pagefind;
    });
    engine.catch(() => { engine = null; });
  }
  return engine;
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "html") node.innerHTML = value;  // Pagefind's excerpts: escaped text and <mark>
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function plural(count, one, many) {
  return `${count}\u00a0${count > 1 ? many : one}`;
}

async function searchSplit(pagefind, term, filters, articles, entities) {
  /* Articles and entity pages of one query: two searches, each limited to its types. */
  const wanted = filters.type ? filters.type.any : null;
  const only = (types) => {
    const kept = wanted ? types.filter((t) => wanted.includes(t)) : types;
    return kept.length ? { ...filters, type: { any: kept } } : null;
  };
  const articleFilters = only([TYPES.Article]);
  const entityFilters = Object.keys(filters).some((k) => k !== "type") ? null
    : only([TYPES.Acteur, TYPES.Lieu]);
  const [found, others] = await Promise.all([
    articleFilters ? pagefind.search(term, { filters: articleFilters }) : null,
    entityFilters && term ? pagefind.search(term, { filters: entityFilters }) : null]);
  const load = (search, count) => search ? Promise.all(search.results.slice(0, count).map((r) => r.data())) : [];
  return {
    search: found,
    articles: await load(found, articles),
    entities: await load(others, entities),
    total: found ? found.results.length : 0,
  };
}

function entityItem(data) {
  const kind = (data.filters.type || [""])[0];
  return element("a", { href: data.url, class: "search-entity" },
    element("span", { class: "search-kind" }, kind), " ", data.meta.title);
}

/* The header box: results as one types. */
function setUpHeaderBox() {
  const input = document.getElementById("search-q");
  if (!input || document.querySelector(".section-search")) return;
  const panel = element("div", { id: "search-suggest", class: "search-suggest", hidden: "" });
  const status = element("p", { class: "visually-hidden", role: "status" });
  form.append(panel, status);
  input.setAttribute("aria-controls", "search-suggest");
  let latest = "";
  let timer = 0;

  const close = () => {
    panel.hidden = true;
  };
  const show = async () => {
    const term = input.value.trim();
    latest = term;
    if (term.length < 2) { close(); status.textContent = ""; return; }
    let pagefind;
    try { pagefind = await loadPagefind(); } catch (error) { return; }  // no index: the form
    const found = await searchSplit(pagefind, term, {}, 5, 4);
    if (term !== latest) return;  // a newer query is on its way
    panel.replaceChildren();
    if (found.articles.length) {
      panel.append(element("p", { class: "search-suggest-title" }, "Articles"),
        element("ul", {}, ...found.articles.map((data) => element("li", {},
          element("a", { href: data.url },
            element("span", { class: "search-suggest-name" }, data.meta.title),
            element("span", { class: "search-suggest-excerpt", html: data.excerpt }))))));
    }
    if (found.entities.length) {
      panel.append(element("p", { class: "search-suggest-title" }, "Acteurs et lieux"),
        element("ul", { class: "search-suggest-entities" },
          ...found.entities.map((data) => element("li", {}, entityItem(data)))));
    }
    const more = new URL(`${base}search/`, window.location.href);
    more.searchParams.set("q", term);
    panel.append(element("a", { class: "search-suggest-all", href: more.pathname + more.search },
      found.total ? `Voir les ${plural(found.total, "article", "articles")} et filtrer`
        : "Aucun article : ouvrir la recherche"));
    status.textContent = `${plural(found.total, "article", "articles")}, `
      + `${plural(found.entities.length, "fiche", "fiches")} ; flèche bas pour les parcourir`;
    panel.hidden = false;
  };
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(show, 120);
  });
  input.addEventListener("focus", () => { loadPagefind().catch(() => {}); });
  const links = () => Array.from(panel.querySelectorAll("a"));
  form.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      if (!panel.hidden) { event.preventDefault(); event.stopPropagation(); close(); input.focus(); }
    } else if (event.key === "ArrowDown" && panel.hidden && event.target === input) {
      event.preventDefault();  // closed with Escape: open again, at its first result
      show().then(() => { const first = links()[0]; if (first && !panel.hidden) first.focus(); });
    } else if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      if (at === 0) input.focus(); else all[at - 1].focus();
    }
  });
  document.addEventListener("click", (event) => { if (!form.contains(event.target)) close(); });
  form.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !form.contains(event.relatedTarget)) close();
  });
}

/* The search page: results, suggestions and filters. */
function setUpSearchPage() {
  const root = document.getElementById("search");
  if (!root) return;
  const input = document.getElementById("search-page-q");
  const layout = root.querySelector(".search-layout");
  const panel = root.querySelector(".search-filters");
  const status = root.querySelector(".search-status");
  const suggestions = root.querySelector(".search-suggestions");
  const results = root.querySelector(".search-results");
  const more = root.querySelector(".search-more");
  const params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  const chosen = new Map(FILTERS.map(([key]) => [key, new Set(params.getAll(key))]));
  let pending = null;
  let shown = 0;
  let current = null;

  const filters = () => {
    const out = {};
    for (const [key, , how] of FILTERS) {
      if (chosen.get(key).size) out[key] = { [how]: Array.from(chosen.get(key)) };
    }
    return out;
  };
  const remember = () => {
    const url = new URL(window.location.href);
    url.search = "";
    if (input.value.trim()) url.searchParams.set("q", input.value.trim());
    for (const [key] of FILTERS) for (const value of chosen.get(key)) url.searchParams.append(key, value);
    window.history.replaceState(null, "", url.pathname + url.search);
  };
  const drawFilters = (counts) => {
    panel.replaceChildren();
    for (const [key, legend, how] of FILTERS) {
      const values = Object.entries(counts[key] || {})
        .filter(([value, n]) => n > 0 || chosen.get(key).has(value))
        .sort((a, b) => (key === "annee" ? b[0].localeCompare(a[0]) : b[1] - a[1] || a[0].localeCompare(b[0])));
      if (!values.length) continue;
      const box = element("fieldset", { class: "search-filter" },
        element("legend", {}, legend, how === "all" && values.length > 1
          ? element("span", { class: "detail" }, " (tous cochés)") : ""));
      values.forEach(([value, n], index) => {
        const id = `f-${key}-${index}`;
        const check = element("input", { type: "checkbox", id, value });
        check.checked = chosen.get(key).has(value);
        check.addEventListener("change", () => {
          if (check.checked) chosen.get(key).add(value); else chosen.get(key).delete(value);
          run();
        });
        const row = element("div", { class: "search-filter-value" }, check,
          element("label", { for: id }, value, " ", element("span", { class: "detail" }, String(n))));
        if (index >= SHOWN_VALUES && !check.checked) row.classList.add("is-extra");
        box.append(row);
      });
      if (values.length > SHOWN_VALUES) {
        const toggle = element("button", { type: "button", class: "search-filter-more",
          "aria-expanded": "false" }, `Afficher les ${values.length}`);
        toggle.addEventListener("click", () => {
          const open = box.classList.toggle("is-open");
          toggle.setAttribute("aria-expanded", String(open));
          toggle.textContent = open ? "Afficher moins" : `Afficher les ${values.length}`;
        });
        box.append(toggle);
      }
      panel.append(box);
    }
  };
  const resultItem = (data) => element("li", { class: "search-result" },
    element("a", { href: data.url, class: "search-result-link" }, data.meta.title),
    data.meta.date ? element("span", { class: "detail" }, ` ${data.meta.date}`) : "",
    element("p", { class: "search-result-excerpt", html: data.excerpt }));
  const showMore = async () => {
    if (!current) return;
    const next = current.results.slice(shown, shown + PAGE_SIZE);
    const loaded = await Promise.all(next.map((r) => r.data()));
    results.append(...loaded.map(resultItem));
    shown += next.length;
    more.hidden = shown >= current.results.length;
  };
  const run = async () => {
    remember();
    const term = input.value.trim() || null;
    const picked = filters();
    const token = {};
    pending = token;
    let pagefind;
    try { pagefind = await loadPagefind(); } catch (error) {
      status.textContent = "La recherche n’est pas disponible : l’index n’a pas été construit.";
      return;
    }
    layout.hidden = false;
    // Every filter loaded first: Pagefind counts only the filters it has loaded.
    const all = await pagefind.filters();
    if (!term && !Object.keys(picked).length) {
      drawFilters(all);
      results.replaceChildren(); suggestions.hidden = true; more.hidden = true;
      status.textContent = "Tapez un mot, ou choisissez un filtre.";
      return;
    }
    const found = await searchSplit(pagefind, term, picked, PAGE_SIZE, 6);
    if (pending !== token) return;
    current = found.search;
    shown = found.articles.length;
    results.replaceChildren(...found.articles.map(resultItem));
    more.hidden = !current || shown >= current.results.length;
    suggestions.hidden = !found.entities.length;
    suggestions.querySelector("ul").replaceChildren(
      ...found.entities.map((data) => element("li", {}, entityItem(data))));
    // Counts for the words alone, whatever the filters chosen.
    const counts = term ? (await pagefind.search(term)).filters : all;
    if (pending !== token) return;
    drawFilters(counts);
    const what = term ? ` pour « ${term} »` : "";
    status.textContent = found.total ? `${plural(found.total, "article", "articles")}${what}`
      : `Aucun article${what}.`;
  };
  let timer = 0;
  input.addEventListener("input", () => { window.clearTimeout(timer); timer = window.setTimeout(run, 150); });
  input.form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  more.addEventListener("click", showMore);
  input.focus();
  run();
}

/* `/`: to the search box, unless one is typing somewhere. */
document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
  const box = document.getElementById("search-page-q") || document.getElementById("search-q");
  if (!box) return;
  event.preventDefault();
  box.focus();
  box.select();
});

/* The searched words highlighted on a page opened from a result. */
if (new URLSearchParams(window.location.search).has(HIGHLIGHT)) {
  import(`${base}pagefind/pagefind-highlight.js`).then(({ default: PagefindHighlight }) => {
    new PagefindHighlight({ highlightParam: HIGHLIGHT, addStyles: false });
    const first = document.querySelector("mark.pagefind-highlight");
    if (first) first.scrollIntoView({ block: "center" });
  }).catch(() => {});
}

setUpHeaderBox();
setUpSearchPage();
