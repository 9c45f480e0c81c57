// Entry point of the `welfare` command line (commands in commands.cpp).
int main() { return 0; }
