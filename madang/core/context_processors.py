from django.http import HttpRequest

from .i18n import AUTONYMS, current_language


def display(request: HttpRequest) -> dict[str, object]:
    settings_ = getattr(request, "display", {"text": "normal", "contrast": "normal", "mode": "standard"})
    return {
        # base.html reads `display_settings`: a view's own `display` (the planner's map, say) must not switch them off.
        "display_settings": settings_,
        "display": settings_,
        "easy_mode": settings_["mode"] == "easy",
        "content_language": current_language(),
        "language_autonyms": AUTONYMS,
    }
