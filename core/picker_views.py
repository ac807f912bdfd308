"""The JSON endpoint behind the searchable pickers (:mod:`core.pickers`)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from . import pickers


@require_GET
@login_required
def picker(request, name):
    """``{"results": [{"id", "code"…, "text"}]}``: at most ``pickers.LIMIT`` rows the user may see."""
    if pickers.get(name) is None:
        raise Http404
    params = {k: v for k, v in request.GET.items() if k != "q"}
    try:
        results = pickers.search(name, request.user, request.GET.get("q", ""), params=params)
    except pickers.BadParam as error:
        return JsonResponse({"detail": str(error)}, status=400)
    return JsonResponse({"results": results})
