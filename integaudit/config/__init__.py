"""integaudit.toml: the file read and checked (``file``), which one applies to which input
(``per_file``), the advice on headers and texts not recognised (``advice``) and the starter
config ``integaudit init`` writes (``starter``)."""
