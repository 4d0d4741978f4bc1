"""Spatial claims: what a sentence says about distance and direction, drawn as geometry.

``extract`` finds claims in text, ``geometry`` draws them (metric), ``rows`` turns them into rows of
the layers table, ``records`` holds the Claim and Claimant records.
"""

from geo.claims.extract import extract_claims, find_claimant, may_hold_claims
from geo.claims.records import UNATTRIBUTED, Claim, Claimant
from geo.claims.rows import claim_props, claims_rows

__all__ = ["UNATTRIBUTED", "Claim", "Claimant", "claim_props", "claims_rows", "extract_claims", "find_claimant",
           "may_hold_claims"]
