"""Privacy: keyed pseudonyms and the anonymise command's writer."""
