/* recursion.c: deep and branching recursion: Ackermann(2, n) and (3, 3), towers of Hanoi (moves
 * printed for 3 discs, counted for 16), naive Fibonacci, and a recursive permutation generator.
 * Exercises: stack frames, saved registers, jal/jr, deep stacks (tens of thousands of frames). */
#include "rt.h"

static unsigned moves;

static int ack(int m, int n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

static void hanoi(int n, char from, char to, char via, int show) {
  if (n == 0) return;
  hanoi(n - 1, from, via, to, show);
  moves++;
  if (show) {
    char m[] = "disc ? A->B\n";
    m[5] = (char)('0' + n);
    m[7] = from;
    m[10] = to;
    put_str(m);
  }
  hanoi(n - 1, via, to, from, show);
}

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static char perm[5] = "abcd";
static int nperm;

static void permute(int k, int n) {
  if (k == n) {
    nperm++;
    if (nperm <= 8 || nperm == 24) {
      put_str(perm);
      put_char(nperm == 24 ? '\n' : ' ');
    }
    return;
  }
  for (int i = k; i < n; i++) {
    char t = perm[k];
    perm[k] = perm[i];
    perm[i] = t;
    permute(k + 1, n);
    perm[i] = perm[k];
    perm[k] = t;
  }
}

int main(void) {
  for (int n = 0; n <= 4; n++) {
    put_str("ack(2,");
    put_int(n);
    put_str(")=");
    put_int(ack(2, n));
    put_char('\n');
  }
  put_str("ack(3,3)=");
  put_int(ack(3, 3));
  put_char('\n');
  hanoi(3, 'A', 'C', 'B', 1);
  moves = 0;
  hanoi(16, 'A', 'C', 'B', 0);
  put_str("hanoi(16) moves=");
  put_uint(moves);
  put_char('\n');
  put_str("fib(24)=");
  put_int(fib(24));
  put_char('\n');
  permute(0, 4);
  put_str("permutations=");
  put_int(nperm);
  put_char('\n');
  return 0;
}
