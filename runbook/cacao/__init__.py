"""CACAO v2.0 (OASIS Security Playbooks) interchange: the mapping table (`mapping`), the
export of a type's playbook (`export`) and the import of a CACAO playbook (`import_`)."""
