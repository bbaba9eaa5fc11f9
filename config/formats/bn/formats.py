"""What Django's Bengali formats leave out (its date formats are kept): date-times in the same
day-month-year order instead of the English default."""

DATETIME_FORMAT = "j F, Y, g:i A"
SHORT_DATETIME_FORMAT = "j M, Y g:i A"
