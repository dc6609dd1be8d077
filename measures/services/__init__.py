"""The measures app's writes, one module per concept: a measure (`measures.py`),
what a network's change means for its measures (`networks.py`), the
coordination's check of a measure (`evidence.py`) and spreadsheet
imports (`imports.py`). Every service checks who calls it (docs/development/rules.md).
The names below are the app's public interface:
`from measures import services; services.save_measure(...)`."""

from measures.services.evidence import check_measure, withdraw_check
from measures.services.imports import (
    IMPORT_FILES,
    cancel_import,
    clean_imports,
    confirm_import,
    import_measures,
    keep_import_preview,
)
from measures.services.library import set_library_sharing
from measures.services.measures import (
    add_document,
    add_progress_note,
    change_status,
    create_measure,
    delete_document,
    merge_after_conflict,
    save_measure,
    update_measure,
)
from measures.services.networks import (
    CARRIED_FIELDS,
    RECOUNTED,
    found_successor_network,
    recount_measures,
    update_network_settings,
)

__all__ = [
    "CARRIED_FIELDS",
    "IMPORT_FILES",
    "RECOUNTED",
    "add_document",
    "add_progress_note",
    "cancel_import",
    "change_status",
    "check_measure",
    "clean_imports",
    "confirm_import",
    "create_measure",
    "delete_document",
    "found_successor_network",
    "import_measures",
    "keep_import_preview",
    "merge_after_conflict",
    "recount_measures",
    "save_measure",
    "set_library_sharing",
    "update_measure",
    "update_network_settings",
    "withdraw_check",
]
