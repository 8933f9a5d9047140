"""What leaves partnerkg for other tools and stores: deterministic RDF exports, JSON-LD with the published
context, uploads through the Graph Store Protocol, and the HTTP client they share.

Modules: ``export`` (canonical serialisation), ``jsonld`` (the JSON-LD writer), ``context`` (the JSON-LD
context, generated from the ontology), ``push`` (Graph Store Protocol uploads), ``http`` (the HTTP client).
"""

__all__: list[str] = []
