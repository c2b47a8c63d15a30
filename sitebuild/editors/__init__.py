"""The editors' tools behind `invoke new` (new_item, from the archetypes) and `invoke translations` /
`invoke translated` (translation_status): they write or report on content, and take no part in a build."""
