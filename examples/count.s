# count.s: counts in $s0 forever (three instructions a round). Two copies of it share the CPU
# through the slice vector; the registers show each one's share.
        .text
main:   addiu   $s0, $s0, 1
        b       main
        nop
