from enum import StrEnum


class AgreementCapability(StrEnum):
    VIEW_ALL = "agreements.view_all"  # every agreement of the program, with commercial terms
    VIEW_OWN = "agreements.view_own"  # a brand: its own agreements and obligations
    EDIT = "agreements.edit"  # draft agreements, terms, signatories, documents, amendments
    SIGN = "agreements.sign"  # record signature, activation, termination
