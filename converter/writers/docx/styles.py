"""Names of the Word styles the DOCX writer uses; the template defines them, the code only names them.

The styles themselves are defined in ``styles/reference.docx`` (built by
``styles/make_reference_docx.py``) or in the user's ``--reference-docx``; a test checks that the
shipped template defines every name listed in :data:`USED_STYLES`, and ``template.py`` copies our
definition into a user template that lacks one. Restyling the output means editing a template,
never this code.
"""

from __future__ import annotations

TITLE = "Title"
SUBTITLE = "Subtitle"
METADATA = "Metadata"  # one "Label: value" line of the block under the title
BYLINE = "Byline"  # the author line of that block
LEAD = "Lead"
BODY_TEXT = "Body Text"
LIST_BULLET = "List Bullet"
LIST_NUMBER = "List Number"
LIST_CONTINUE = "List Continue"  # a list item's second paragraph, aligned with its text
CAPTION = "Caption"
FIGURE = "Figure"  # the paragraph holding a picture
IMAGE_PLACEHOLDER = "Image Placeholder"  # the bordered box standing in for a missing picture
QUOTE = "Quote"
SIGNATURE = "Signature"
RULE = "Horizontal Rule"
TABLE_TEXT = "Table Text"  # cell paragraphs: left-aligned and tight, whatever the body does
FOOTER = "Footer"
TABLE_GRID = "Table Grid"
HYPERLINK = "Hyperlink"  # character style
CODE = "Verbatim Char"  # character style; pandoc's name, so pandoc reference documents fit too
MAX_HEADING = 6

PARAGRAPH_STYLES = (TITLE, SUBTITLE, METADATA, BYLINE, LEAD, BODY_TEXT, LIST_BULLET, LIST_NUMBER,
                    LIST_CONTINUE, CAPTION, FIGURE, IMAGE_PLACEHOLDER, QUOTE, SIGNATURE, RULE, TABLE_TEXT,
                    FOOTER, *(f"Heading {n}" for n in range(1, MAX_HEADING + 1)))
CHARACTER_STYLES = (HYPERLINK, CODE)
TABLE_STYLES = (TABLE_GRID,)
USED_STYLES = (*PARAGRAPH_STYLES, *CHARACTER_STYLES, *TABLE_STYLES)


def heading_style(level: int) -> str:
    """The Word style of a model heading (level 1 is "Heading 1"; the article title is "Title")."""
    return f"Heading {min(max(level, 1), MAX_HEADING)}"
