from disclosure_search.cli import main

main()
