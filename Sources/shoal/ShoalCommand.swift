import ArgumentParser
@main struct Shoal: ParsableCommand { func run() {} }
