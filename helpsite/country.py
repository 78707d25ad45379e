"""The country's facts in one place: the numbers, the phone region, the time zone and the holidays.

The same for every municipality (Denmark); a site for another country would change this file and
the national content, never a municipality's folder.
"""

from __future__ import annotations

import re

EMERGENCY = "112"  # on every page, error page, handout and card
NATIONAL_HOTLINE = "1888"  # Lev Uden Vold, the national hotline, day and night
HOTLINE_SERVICE = "lev-uden-vold"  # the national entry that holds it
PHONE_REGION = "DK"  # how phone numbers are parsed and checked (phonenumbers' region)
HOLIDAY_COUNTRY = "DK"  # whose public holidays the opening hours follow (the holidays library)
TIMEZONE_NAME = "Europe/Copenhagen"  # opening hours, dates and "open now"
# Emergency and harmonised short numbers that are valid here whatever a library's data says.
SHORT_NUMBERS = re.compile(rf"{EMERGENCY}|114|{NATIONAL_HOTLINE}|116\d{{3}}")
