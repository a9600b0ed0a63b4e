// A main() for the corpus sources that extract_matches.py links into whole programs:
// only their fatbinary matters, nothing runs.
int main() { return 0; }
