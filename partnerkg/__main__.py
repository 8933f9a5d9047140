"""``python -m partnerkg`` runs the command line."""

from partnerkg.cli import main

main()
