// The search page (templates/search.html): Pagefind's JS API with our own markup.
// No inline script or style and no injected CSS, so it runs under a Content-Security-Policy that
// allows scripts from the site itself plus 'wasm-unsafe-eval' (Pagefind's WebAssembly), nothing more.
// Pagefind picks the index of the page's <html lang>: the Finnish page searches Finnish pages only.
// Every sentence comes from the page (gettext), with {count} and {query} filled in here.

const form = document.querySelector(".br-search__form");
const input = form.querySelector(".br-search__input");
const status = document.querySelector(".br-search__status");
const results = document.querySelector(".br-search__results");
const resultList = results.querySelector(".br-search__result-list");
const messages = form.dataset;

let pagefindLoading = null;
let latest = 0;

// A large site's index comes in parts, each a bundle of one language's pages (sitebuild/search.py): the first
// part of every language is the main bundle, the others are listed in parts.json beside it and merged here.
async function loadParts(bundle) {
  const response = await fetch(new URL("parts.json", bundle));
  if (!response.ok) throw new Error(`${response.url}: ${response.status}`);
  const parts = await response.json();
  return (parts[document.documentElement.lang] || []).map((part) => new URL(part, bundle).pathname);
}

function loadPagefind() {
  const bundle = new URL(".", new URL(form.dataset.pagefind, window.location.href));
  pagefindLoading ??= Promise.all([import(form.dataset.pagefind), loadParts(bundle)]).then(async ([module, parts]) => {
    for (const part of parts) await module.mergeIndex(part);
    await module.init();
    return module;
  });
  return pagefindLoading;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

// Pagefind's excerpt is text with <mark> around the matches: keep exactly that, as text nodes and marks.
function excerpt(html) {
  const parsed = new DOMParser().parseFromString(html, "text/html");
  const fragment = document.createDocumentFragment();
  for (const node of parsed.body.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.className = "br-search__match";
      mark.textContent = node.textContent;
      fragment.append(mark);
    } else {
      fragment.append(document.createTextNode(node.textContent));
    }
  }
  return fragment;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "br-search__result";
  const title = document.createElement("h3");
  title.className = "br-search__result-title";
  const link = document.createElement("a");
  link.className = "br-search__result-link";
  link.href = data.url;
  link.textContent = data.meta.title;
  title.append(link);
  const text = document.createElement("p");
  text.className = "br-search__result-excerpt";
  text.append(excerpt(data.excerpt));
  item.append(title, text);
  return item;
}

async function search(query) {
  const ticket = ++latest;
  if (!query) {
    status.textContent = "";
    results.hidden = true;
    resultList.replaceChildren();
    return;
  }
  status.textContent = messages.messageSearching;
  try {
    const module = await loadPagefind();
    const found = await module.search(query);
    // A newer query has started: its answer is the one to show.
    if (found === null || ticket !== latest) return;
    const pages = await Promise.all(found.results.map((result) => result.data()));
    if (ticket !== latest) return;
    resultList.replaceChildren(...pages.map(resultItem));
    results.hidden = pages.length === 0;
    const template = pages.length === 0 ? messages.messageNone
      : pages.length === 1 ? messages.messageOne : messages.messageOther;
    status.textContent = fill(template, { count: pages.length, query });
  } catch (error) {
    status.textContent = messages.messageError;
    results.hidden = true;
    throw error;
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value.trim();
  // The address holds the query, so a search can be bookmarked, shared and reloaded.
  const url = new URL(window.location.href);
  if (query) url.searchParams.set("q", query);
  else url.searchParams.delete("q");
  window.history.replaceState(null, "", url);
  search(query);
});

const initial = (new URLSearchParams(window.location.search).get("q") || "").trim();
if (initial) {
  input.value = initial;
  search(initial);
} else {
  // Load the index while the visitor types, so the first answer comes at once.
  loadPagefind().catch((error) => {
    status.textContent = messages.messageError;
    throw error;
  });
}
