from enum import StrEnum


class RegistryCapability(StrEnum):
    VIEW_ALL = "registry.view_all"  # every organisation and facility taking part in the program
    VIEW_SOURCED = "registry.view_sourced"  # a brand: the facilities it sources from
    VIEW_OWN = "registry.view_own"  # a supplier: its own facilities
    EDIT = "registry.edit"  # create and edit organisations, facilities, participation
    IMPORT = "registry.import"  # upload facility lists
    REVIEW_MATCHES = "registry.review_matches"  # confirm or reject possible matches
