// Type-ahead for the leader filter: fills the <datalist> from a small JSON endpoint.
// Without JavaScript the field still works: type a leader's full name or slug (as in /leaders/<slug>/).
// Several leaders are comma-separated: a suggestion completes the last one and keeps the others.
document.addEventListener("DOMContentLoaded", () => {
  const input = document.querySelector("input[data-typeahead]");
  if (!input) return;
  const list = document.getElementById(input.getAttribute("list"));
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const parts = input.value.split(",");
    const term = parts.pop().trim();
    const earlier = parts.map((part) => part.trim()).filter(Boolean);
    if (term.length < 2) return;
    timer = setTimeout(async () => {
      const response = await fetch(`${input.dataset.typeahead}?q=${encodeURIComponent(term)}`);
      if (!response.ok) return;
      const data = await response.json();
      list.replaceChildren(
        ...data.results.map((leader) => {
          const option = document.createElement("option");
          option.value = [...earlier, leader.slug].join(",");
          option.label = `${leader.name} (${leader.country.toUpperCase()})`;
          return option;
        }),
      );
    }, 150);
  });
});
