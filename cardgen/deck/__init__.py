"""The deck: what an editor writes, read from YAML into frozen dataclasses and checked.

`model` reads a deck file into a `Deck` and says where each mistake is; `kinds` is the
one record per kind of card (its fields, how it prints, what lint and verify read);
`cards` chooses and orders the cards a build prints; `theme`, `colours` and `logo` are
the deck's own look; `addresses` and `phones` check what a helpline card links to;
`icons` are the kinds' pictures as data; `schema` and `starter` describe the format to
editors (deck.schema.json) and to newcomers (starter.yaml).
"""
