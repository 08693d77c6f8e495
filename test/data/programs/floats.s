# floats.s: single and double precision on COP1.
# Exercises: print_float (2), print_double (3), read_float (6), read_double (7), l.s/l.d/s.s/s.d,
# add/sub/mul/div/sqrt/abs/neg/mov in .s and .d, cvt.s.w/cvt.d.w/cvt.w.s/cvt.w.d/cvt.s.d/cvt.d.s,
# trunc.w.d, mtc1/mfc1, c.eq/c.lt/c.le with bc1t/bc1f.
        .data
fa:     .float 1.5
fb:     .float -0.25
fc:     .float 3.0e10
da:     .double 2.0
db:     .double 0.1
dc:     .double -1.0e-5
fout:   .float 0.0
dout:   .double 0.0
nl:     .asciiz "\n"
sp:     .asciiz " "
yes:    .asciiz "yes"
no:     .asciiz "no"
lbl_r:  .asciiz "read: "

        .text
        .globl main
main:
        l.s   $f0, fa
        l.s   $f2, fb
        add.s $f12, $f0, $f2       # 1.25
        jal   pf
        sub.s $f12, $f2, $f0       # -1.75
        jal   pf
        mul.s $f12, $f0, $f2       # -0.375
        jal   pf
        div.s $f12, $f0, $f2       # -6
        jal   pf
        l.s   $f12, fc             # large value
        jal   pf
        li    $t0, 7
        mtc1  $t0, $f4
        cvt.s.w $f4, $f4
        div.s $f12, $f0, $f4       # 1.5 / 7
        jal   pf
        abs.s $f12, $f2
        jal   pf
        neg.s $f12, $f0
        jal   pf
        sqrt.s $f12, $f0
        jal   pf
        s.s   $f12, fout
        lw    $a0, fout            # raw bits of sqrt(1.5)
        li    $v0, 1
        syscall
        jal   newline

        l.d   $f0, da
        l.d   $f2, db
        add.d $f12, $f0, $f2       # 2.1
        jal   pd
        mul.d $f12, $f2, $f2       # 0.01 (inexact)
        jal   pd
        div.d $f12, $f0, $f2       # 20
        jal   pd
        sqrt.d $f12, $f0           # sqrt 2
        jal   pd
        l.d   $f12, dc
        jal   pd
        li    $t0, -3
        mtc1  $t0, $f6
        cvt.d.w $f6, $f6
        div.d $f12, $f0, $f6       # -0.666...
        jal   pd
        cvt.s.d $f12, $f12         # rounded to single
        jal   pf
        cvt.d.s $f12, $f12         # widened back
        jal   pd
        s.d   $f12, dout
        lw    $a0, dout            # low word of the double
        li    $v0, 1
        syscall
        jal   space
        lw    $a0, dout+4          # high word
        li    $v0, 1
        syscall
        jal   newline

        # conversions to integer
        li.d  $f8, 7.9
        trunc.w.d $f10, $f8
        mfc1  $a0, $f10
        li    $v0, 1
        syscall
        jal   space
        li.d  $f8, -7.9
        trunc.w.d $f10, $f8
        mfc1  $a0, $f10
        li    $v0, 1
        syscall
        jal   space
        li.s  $f8, 2.25
        cvt.w.s $f10, $f8          # 2 (SPIM truncates here, hardware rounds; .25 agrees)
        mfc1  $a0, $f10
        li    $v0, 1
        syscall
        jal   space
        li.d  $f8, -3.25
        cvt.w.d $f10, $f8          # -3
        mfc1  $a0, $f10
        li    $v0, 1
        syscall
        jal   newline

        # comparisons
        l.s   $f0, fa
        l.s   $f2, fb
        c.lt.s $f2, $f0            # -0.25 < 1.5
        jal   yesno_t
        c.lt.s $f0, $f2
        jal   yesno_t
        c.eq.s $f0, $f0
        jal   yesno_t
        l.d   $f0, da
        c.le.d $f6, $f0
        jal   yesno_t
        c.eq.d $f0, $f6
        bc1f  not_equal
        la    $a0, yes
        j     say
not_equal:
        la    $a0, no
say:    li    $v0, 4
        syscall
        jal   newline

        # read a float and a double, print them and their sum as a double
        la    $a0, lbl_r
        li    $v0, 4
        syscall
        li    $v0, 6
        syscall                    # $f0 = float
        mov.s $f12, $f0
        mov.s $f20, $f0
        jal   pf
        li    $v0, 7
        syscall                    # $f0/$f1 = double
        mov.d $f12, $f0
        mov.d $f22, $f0
        jal   pd
        cvt.d.s $f20, $f20
        add.d $f12, $f20, $f22
        jal   pd
        li    $v0, 10
        syscall

# pf: print_float $f12 and a newline
pf:     li    $v0, 2
        syscall
        j     newline
# pd: print_double $f12 and a newline
pd:     li    $v0, 3
        syscall
        j     newline
newline:
        la    $a0, nl
        li    $v0, 4
        syscall
        jr    $ra
space:
        la    $a0, sp
        li    $v0, 4
        syscall
        jr    $ra
# yesno_t: prints "yes " if the FP condition flag is set, else "no "
yesno_t:
        bc1t  yt
        la    $a0, no
        j     yn
yt:     la    $a0, yes
yn:     li    $v0, 4
        syscall
        j     space
