"""Quality gates over a built site: HTML, links, accessibility, layout, privacy, budgets, Lighthouse."""
