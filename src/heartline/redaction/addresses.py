"""Street addresses, found from their house number.

Two shapes are recognised: number first ("221B Baker Street", "12 rue de la Paix",
"1600 Amphitheatre Pkwy, Mountain View, CA 94043") and name first ("Hauptstraße 5",
"Berliner Str. 12", "Calle Mayor 12", "Keizersgracht 123", "PO Box 1234"). Both need a street word, so a number followed by
capitalised words ("5 Star Wars films") is not an address. A postcode is included when
it follows the street; a postcode on its own is not redacted.
"""

from __future__ import annotations

import re

_WORD = r"[A-Z][\w'’.-]*"
_NAME = rf"(?:{_WORD}|[0-9]{{1,3}}(?:st|nd|rd|th))"
# Capitalised (or a few unambiguous words in lower case): "drive", "way" and "close" are
# too common as verbs to count after "HP ProBook 430 G6 Can I drive".
_SUFFIX = (r"(?:Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place"
           r"|Pl|Square|Sq|Terrace|Way|Parkway|Pkwy|Highway|Hwy|Close|Crescent|Cres|Gardens"
           r"|Grove|Hill|Row|Mews|Walk|Loop|Circle|Cir|Trail|Alley|Plaza|Parade|Quay|Wharf"
           r"|Embankment|Esplanade|street|road|avenue|boulevard|terrace|crescent|parkway"
           r"|highway)")
_DIRECTION = r"(?:[ ]+(?:North|South|East|West|NW|NE|SW|SE|N|S|E|W)\b)?"
_PARTICLE = r"(?:(?:de|du|des|la|le|l'|d'|del|di)[ ]*)"
_FRENCH = r"(?i:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|cours|route)"
_HOUSE = r"[0-9]{1,5}(?:[A-Za-z](?![A-Za-z]))?(?:[-/][0-9]{1,5}[A-Za-z]?)?"
# UK "NW1 6XE", US "CA 94043" / "94043-1351", continental "75002 Paris".
_POSTCODE = (r"(?:[A-Z]{1,2}[0-9][A-Z0-9]?[ ]?[0-9][A-Z]{2}"
             r"|[A-Z]{2}[ ]+[0-9]{5}(?:-[0-9]{4})?"
             rf"|[0-9]{{4,5}}(?:[ ]+{_WORD})?)(?![\w])")
_TAIL = rf"(?:,?[ ]+(?:{_WORD},?[ ]+){{0,3}}?{_POSTCODE})?"

NUMBER_FIRST = re.compile(
    rf"{_HOUSE},?[ ]+(?:"
    rf"(?:{_NAME}[ ]+){{1,4}}?{_SUFFIX}\b\.?{_DIRECTION}"
    rf"|(?:Broadway|Kingsway|Strand)\b"
    rf"|{_FRENCH}[ ]+{_PARTICLE}*{_WORD}(?:[ ]+{_PARTICLE}*{_WORD}){{0,3}}"
    rf"){_TAIL}")

_NAME_FIRST = re.compile(
    r"(?:\b[A-ZÄÖÜ][\w'’-]*(?:straße|strasse|str\.|weg|platz|allee|gasse|damm|ufer|gracht"
    r"|straat|laan|plein|kade|singel|gade|vej|gatan|vägen|veien)"
    rf"|\b{_WORD}[ ]+(?:Straße|Strasse|Str\.|Weg|Platz|Allee|Gasse|Damm|Ufer)"
    r"|\bP\.?[ ]?O\.?[ ]?Box"
    r"|\b(?:Calle|Carrer|Avenida|Paseo|Plaza|Via|Viale|Piazza|Corso|Largo|Rua|Travessa)[ ]+"
    rf"(?:(?:de|del|la|las|los|di|della|dei|do|da|dos|das)[ ]+)*{_WORD}(?:[ ]+{_WORD}){{0,2}}"
    r"),?[ ]+\Z")
_HOUSE_AFTER_NAME = re.compile(rf"[0-9]{{1,4}}[A-Za-z]?(?![\w]){_TAIL}")


def address_at(text: str, start: int) -> tuple[int, int] | None:
    """The span of a street address whose house number starts at ``start``, if any."""
    if start and (text[start - 1].isalnum() or text[start - 1] in "#$£€.-/"):
        return None
    m = NUMBER_FIRST.match(text, start)
    if m:
        return start, m.end()
    # Name first: only when the word before the number is capitalised, which is rare
    # enough in running text ("for 30 mins") to keep this off the hot path. The street
    # name is tried from each of the few words before, the longest first.
    if start < 3 or text[start - 1] != " ":
        return None
    starts = [text.rfind(" ", 0, start - 1) + 1]
    if not text[starts[0]:starts[0] + 1].isupper():
        return None
    while len(starts) < 5 and starts[-1] > 1:
        starts.append(text.rfind(" ", 0, starts[-1] - 1) + 1)
    for word_start in reversed(starts):
        if _NAME_FIRST.match(text, word_start, start):
            number = _HOUSE_AFTER_NAME.match(text, start)
            return (word_start, number.end()) if number else None
    return None
