from jopt.cli import main

main()
