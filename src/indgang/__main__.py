from indgang.cli import main

main()
