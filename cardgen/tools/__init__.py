"""What a deck writer uses around a build: `lint` (advice on wording and fit), `preview`
(a quick look in the viewer), `watch` (rebuild on save) and `project` (where a
project's decks and fonts are)."""
