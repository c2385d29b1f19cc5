;; The float32 max-pool kernel of the fast path, in WebAssembly with 128-bit SIMD.
;; Compiled by `npm run build` (scripts/build-wasm.mjs, with the wabt npm package) into
;; src/fast/wasm/maxPoolKernel.generated.ts; src/fast/simdPoolPlanes.ts drives it.
;;
;; The rule is the reference's (src/reference/maxPoolPlanes.ts), for one plane:
;;   best = −inf, bestIndex = the window's first tap;
;;   scan the taps in row-major order (depth, then height, then width) and take a tap when
;;   value > best or value is NaN (so ties keep the first tap and the last NaN wins).
;; The chosen value is copied from the input as bits (i32 loads, v128 bit selects), never
;; through float arithmetic, so NaN payloads and −0 survive. Indices are offsets in the plane,
;; int32 here and zero-extended to int64 when stored.
;;
;; Four outputs of a row share a vector: lane l is output o + l, whose taps are those of output
;; o shifted by l·stride; two vectors (eight outputs) go together, so that two independent chains
;; of compares keep the core busy. Only outputs whose whole window lies inside the row
;; ("interior") are done this way; the others (near the padding) go one at a time by the scalar loop. The
;; caller guarantees that every window has at least one tap, and that the memory past the input
;; region holds 64 spare bytes (a stride-2 load reads one element past the last tap).

(module
  (memory (export "memory") 1)

  ;; The scalar rule for one output: returns the plane offset of the chosen tap.
  (func $scalarOutput
    (param $inBase i32) (param $rowBase i32)
    (param $dCount i32) (param $dStep i32) (param $hCount i32) (param $hStep i32)
    (param $first i32) (param $end i32) (param $dil i32)
    (result i32)
    (local $best f32) (local $bi i32) (local $v f32)
    (local $dd i32) (local $hh i32) (local $rd i32) (local $r i32) (local $c i32)
    (local.set $best (f32.const -inf))
    (local.set $bi (i32.add (local.get $rowBase) (local.get $first)))
    (local.set $rd (local.get $rowBase))
    (local.set $dd (i32.const 0))
    (loop $depth
      (local.set $r (local.get $rd))
      (local.set $hh (i32.const 0))
      (loop $height
        (local.set $c (local.get $first))
        (block $columnsDone
          (loop $columns
            (br_if $columnsDone (i32.ge_s (local.get $c) (local.get $end)))
            (local.set $v (f32.load (i32.add (local.get $inBase)
              (i32.shl (i32.add (local.get $r) (local.get $c)) (i32.const 2)))))
            (if (i32.or (f32.gt (local.get $v) (local.get $best)) (f32.ne (local.get $v) (local.get $v)))
              (then
                (local.set $best (local.get $v))
                (local.set $bi (i32.add (local.get $r) (local.get $c)))))
            (local.set $c (i32.add (local.get $c) (local.get $dil)))
            (br $columns)))
        (local.set $r (i32.add (local.get $r) (local.get $hStep)))
        (br_if $height (i32.lt_s (local.tee $hh (i32.add (local.get $hh) (i32.const 1))) (local.get $hCount))))
      (local.set $rd (i32.add (local.get $rd) (local.get $dStep)))
      (br_if $depth (i32.lt_s (local.tee $dd (i32.add (local.get $dd) (i32.const 1))) (local.get $dCount))))
    (local.get $bi))

  ;; Output rows oh in [ohFrom, ohTo) at one depth position of one plane.
  ;;   inBase      byte address of plane offset 0 (may wrap: only inBase + 4·offset is used)
  ;;   depthBase   plane offset of the window's first depth slice (d0 · sliceSize)
  ;;   dCount, dStep   depth taps and the plane-offset step between them
  ;;   rowFirstPtr, rowEndPtr   int32 tables per output row: first tap and window end (height)
  ;;   rowDil, width   height dilation; input row length (the plane offset of row h is h·width)
  ;;   colFirstPtr, colEndPtr   int32 tables per output column: first tap and window end
  ;;   colDil, stride, padding, kernelWidth   the width dim's window
  ;;   vecFrom, vecTo   the interior output columns (every tap inside the row)
  ;;   outW        outputs per row; outVal, outIdx: byte addresses of the first row's outputs
  (func (export "poolRowsF32")
    (param $inBase i32) (param $depthBase i32) (param $dCount i32) (param $dStep i32)
    (param $rowFirstPtr i32) (param $rowEndPtr i32) (param $rowDil i32) (param $width i32)
    (param $ohFrom i32) (param $ohTo i32)
    (param $colFirstPtr i32) (param $colEndPtr i32)
    (param $colDil i32) (param $stride i32) (param $padding i32) (param $kernelWidth i32)
    (param $vecFrom i32) (param $vecTo i32) (param $outW i32)
    (param $outVal i32) (param $outIdx i32)
    (local $oh i32) (local $h0 i32) (local $hCount i32) (local $hStep i32) (local $rowBase i32)
    (local $o i32) (local $quadBytes i32) (local $dilBytes i32)
    (local $colBase i32) (local $rd i32) (local $r i32) (local $t i32) (local $a i32)
    (local $dd i32) (local $hh i32) (local $j i32) (local $stride4 i32)
    (local $laneOffsets v128) (local $quadOffset v128) (local $tapIdx v128) (local $dilVector v128)
    (local $best v128) (local $bestIdx v128) (local $best2 v128) (local $bestIdx2 v128) (local $v v128) (local $take v128)

    (local.set $stride4 (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $laneOffsets (i32x4.mul (i32x4.splat (local.get $stride)) (v128.const i32x4 0 1 2 3)))
    (local.set $hStep (i32.mul (local.get $rowDil) (local.get $width)))
    (local.set $quadOffset (i32x4.splat (i32.shl (local.get $stride) (i32.const 2))))
    (local.set $quadBytes (i32.shl (local.get $stride) (i32.const 4)))
    (local.set $dilBytes (i32.shl (local.get $colDil) (i32.const 2)))
    (local.set $dilVector (i32x4.splat (local.get $colDil)))

    (local.set $oh (local.get $ohFrom))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $oh) (local.get $ohTo)))
        (local.set $h0 (i32.load (i32.add (local.get $rowFirstPtr) (i32.shl (local.get $oh) (i32.const 2)))))
        ;; taps h0, h0 + rowDil, … below the window end
        (local.set $hCount (i32.div_s
          (i32.sub (i32.add (i32.load (i32.add (local.get $rowEndPtr) (i32.shl (local.get $oh) (i32.const 2))))
            (local.get $rowDil)) (i32.add (local.get $h0) (i32.const 1)))
          (local.get $rowDil)))
        (local.set $rowBase (i32.add (local.get $depthBase) (i32.mul (local.get $h0) (local.get $width))))

        ;; columns before the interior, one at a time
        (local.set $o (i32.const 0))
        (block $leftDone
          (loop $left
            (br_if $leftDone (i32.ge_s (local.get $o) (local.get $vecFrom)))
            (call $storeOutput (local.get $inBase) (local.get $outVal) (local.get $outIdx) (local.get $o)
              (call $scalarOutput (local.get $inBase) (local.get $rowBase)
                (local.get $dCount) (local.get $dStep) (local.get $hCount) (local.get $hStep)
                (i32.load (i32.add (local.get $colFirstPtr) (i32.shl (local.get $o) (i32.const 2))))
                (i32.load (i32.add (local.get $colEndPtr) (i32.shl (local.get $o) (i32.const 2))))
                (local.get $colDil)))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br $left)))

        ;; the interior, 8 outputs at a time (two vectors: two independent chains of compares),
        ;; in one of three copies of the loop: stride 1 (one load per vector), stride 2 (two loads
        ;; and a shuffle), any other stride (four lane loads); the choice is made once per row.
        (block $eightsDone
          (if (i32.eq (local.get $stride) (i32.const 1))
            (then
          (loop $eightss1
            (br_if $eightsDone (i32.gt_s (i32.add (local.get $o) (i32.const 8)) (local.get $vecTo)))
            (local.set $colBase (i32.sub (i32.mul (local.get $o) (local.get $stride)) (local.get $padding)))
            (local.set $best (v128.const i32x4 0xff800000 0xff800000 0xff800000 0xff800000))
            (local.set $best2 (local.get $best))
            (local.set $bestIdx (i32x4.add (i32x4.splat (i32.add (local.get $rowBase) (local.get $colBase)))
              (local.get $laneOffsets)))
            (local.set $bestIdx2 (i32x4.add (local.get $bestIdx) (local.get $quadOffset)))
            (local.set $rd (local.get $rowBase))
            (local.set $dd (i32.const 0))
            (loop $depthTapss1
              (local.set $r (local.get $rd))
              (local.set $hh (i32.const 0))
              (loop $heightTapss1
                (local.set $t (i32.add (local.get $r) (local.get $colBase)))
                (local.set $a (i32.add (local.get $inBase) (i32.shl (local.get $t) (i32.const 2))))
                (local.set $tapIdx (i32x4.add (i32x4.splat (local.get $t)) (local.get $laneOffsets)))
                (local.set $j (local.get $kernelWidth))
                (loop $widthTapss1
                  (local.set $v
                    (v128.load (local.get $a)))
                  (local.set $take (v128.or (f32x4.gt (local.get $v) (local.get $best)) (f32x4.ne (local.get $v) (local.get $v))))
                  (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $take)))
                  (local.set $bestIdx (v128.bitselect (local.get $tapIdx) (local.get $bestIdx) (local.get $take)))
                  (local.set $v
                    (v128.load (i32.add (local.get $a) (local.get $quadBytes))))
                  (local.set $take (v128.or (f32x4.gt (local.get $v) (local.get $best2)) (f32x4.ne (local.get $v) (local.get $v))))
                  (local.set $best2 (v128.bitselect (local.get $v) (local.get $best2) (local.get $take)))
                  (local.set $bestIdx2 (v128.bitselect (i32x4.add (local.get $tapIdx) (local.get $quadOffset))
                    (local.get $bestIdx2) (local.get $take)))
                  (local.set $a (i32.add (local.get $a) (local.get $dilBytes)))
                  (local.set $tapIdx (i32x4.add (local.get $tapIdx) (local.get $dilVector)))
                  (br_if $widthTapss1 (local.tee $j (i32.sub (local.get $j) (i32.const 1)))))
                (local.set $r (i32.add (local.get $r) (local.get $hStep)))
                (br_if $heightTapss1 (i32.lt_s (local.tee $hh (i32.add (local.get $hh) (i32.const 1))) (local.get $hCount))))
              (local.set $rd (i32.add (local.get $rd) (local.get $dStep)))
              (br_if $depthTapss1 (i32.lt_s (local.tee $dd (i32.add (local.get $dd) (i32.const 1))) (local.get $dCount))))
            (local.set $a (i32.add (local.get $outVal) (i32.shl (local.get $o) (i32.const 2))))
            (v128.store (local.get $a) (local.get $best))
            (v128.store offset=16 (local.get $a) (local.get $best2))
            (local.set $a (i32.add (local.get $outIdx) (i32.shl (local.get $o) (i32.const 3))))
            (v128.store (local.get $a) (i64x2.extend_low_i32x4_u (local.get $bestIdx)))
            (v128.store offset=16 (local.get $a) (i64x2.extend_high_i32x4_u (local.get $bestIdx)))
            (v128.store offset=32 (local.get $a) (i64x2.extend_low_i32x4_u (local.get $bestIdx2)))
            (v128.store offset=48 (local.get $a) (i64x2.extend_high_i32x4_u (local.get $bestIdx2)))
            (local.set $o (i32.add (local.get $o) (i32.const 8)))
            (br $eightss1))))
          (if (i32.eq (local.get $stride) (i32.const 2))
            (then
          (loop $eightss2
            (br_if $eightsDone (i32.gt_s (i32.add (local.get $o) (i32.const 8)) (local.get $vecTo)))
            (local.set $colBase (i32.sub (i32.mul (local.get $o) (local.get $stride)) (local.get $padding)))
            (local.set $best (v128.const i32x4 0xff800000 0xff800000 0xff800000 0xff800000))
            (local.set $best2 (local.get $best))
            (local.set $bestIdx (i32x4.add (i32x4.splat (i32.add (local.get $rowBase) (local.get $colBase)))
              (local.get $laneOffsets)))
            (local.set $bestIdx2 (i32x4.add (local.get $bestIdx) (local.get $quadOffset)))
            (local.set $rd (local.get $rowBase))
            (local.set $dd (i32.const 0))
            (loop $depthTapss2
              (local.set $r (local.get $rd))
              (local.set $hh (i32.const 0))
              (loop $heightTapss2
                (local.set $t (i32.add (local.get $r) (local.get $colBase)))
                (local.set $a (i32.add (local.get $inBase) (i32.shl (local.get $t) (i32.const 2))))
                (local.set $tapIdx (i32x4.add (i32x4.splat (local.get $t)) (local.get $laneOffsets)))
                (local.set $j (local.get $kernelWidth))
                (loop $widthTapss2
                  (local.set $v
                    (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
                      (v128.load (local.get $a)) (v128.load offset=16 (local.get $a))))
                  (local.set $take (v128.or (f32x4.gt (local.get $v) (local.get $best)) (f32x4.ne (local.get $v) (local.get $v))))
                  (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $take)))
                  (local.set $bestIdx (v128.bitselect (local.get $tapIdx) (local.get $bestIdx) (local.get $take)))
                  (local.set $v
                    (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
                      (v128.load (i32.add (local.get $a) (local.get $quadBytes))) (v128.load offset=16 (i32.add (local.get $a) (local.get $quadBytes)))))
                  (local.set $take (v128.or (f32x4.gt (local.get $v) (local.get $best2)) (f32x4.ne (local.get $v) (local.get $v))))
                  (local.set $best2 (v128.bitselect (local.get $v) (local.get $best2) (local.get $take)))
                  (local.set $bestIdx2 (v128.bitselect (i32x4.add (local.get $tapIdx) (local.get $quadOffset))
                    (local.get $bestIdx2) (local.get $take)))
                  (local.set $a (i32.add (local.get $a) (local.get $dilBytes)))
                  (local.set $tapIdx (i32x4.add (local.get $tapIdx) (local.get $dilVector)))
                  (br_if $widthTapss2 (local.tee $j (i32.sub (local.get $j) (i32.const 1)))))
                (local.set $r (i32.add (local.get $r) (local.get $hStep)))
                (br_if $heightTapss2 (i32.lt_s (local.tee $hh (i32.add (local.get $hh) (i32.const 1))) (local.get $hCount))))
              (local.set $rd (i32.add (local.get $rd) (local.get $dStep)))
              (br_if $depthTapss2 (i32.lt_s (local.tee $dd (i32.add (local.get $dd) (i32.const 1))) (local.get $dCount))))
            (local.set $a (i32.add (local.get $outVal) (i32.shl (local.get $o) (i32.const 2))))
            (v128.store (local.get $a) (local.get $best))
            (v128.store offset=16 (local.get $a) (local.get $best2))
            (local.set $a (i32.add (local.get $outIdx) (i32.shl (local.get $o) (i32.const 3))))
            (v128.store (local.get $a) (i64x2.extend_low_i32x4_u (local.get $bestIdx)))
            (v128.store offset=16 (local.get $a) (i64x2.extend_high_i32x4_u (local.get $bestIdx)))
            (v128.store offset=32 (local.get $a) (i64x2.extend_low_i32x4_u (local.get $bestIdx2)))
            (v128.store offset=48 (local.get $a) (i64x2.extend_high_i32x4_u (local.get $bestIdx2)))
            (local.set $o (i32.add (local.get $o) (i32.const 8)))
            (br $eightss2))))
          (loop $eightssN
            (br_if $eightsDone (i32.gt_s (i32.add (local.get $o) (i32.const 8)) (local.get $vecTo)))
            (local.set $colBase (i32.sub (i32.mul (local.get $o) (local.get $stride)) (local.get $padding)))
            (local.set $best (v128.const i32x4 0xff800000 0xff800000 0xff800000 0xff800000))
            (local.set $best2 (local.get $best))
            (local.set $bestIdx (i32x4.add (i32x4.splat (i32.add (local.get $rowBase) (local.get $colBase)))
              (local.get $laneOffsets)))
            (local.set $bestIdx2 (i32x4.add (local.get $bestIdx) (local.get $quadOffset)))
            (local.set $rd (local.get $rowBase))
            (local.set $dd (i32.const 0))
            (loop $depthTapssN
              (local.set $r (local.get $rd))
              (local.set $hh (i32.const 0))
              (loop $heightTapssN
                (local.set $t (i32.add (local.get $r) (local.get $colBase)))
                (local.set $a (i32.add (local.get $inBase) (i32.shl (local.get $t) (i32.const 2))))
                (local.set $tapIdx (i32x4.add (i32x4.splat (local.get $t)) (local.get $laneOffsets)))
                (local.set $j (local.get $kernelWidth))
                (loop $widthTapssN
                  (local.set $v
                    (i32x4.replace_lane 3
                      (i32x4.replace_lane 2
                        (i32x4.replace_lane 1
                          (i32x4.splat (i32.load (local.get $a)))
                          (i32.load (i32.add (local.get $a) (local.get $stride4))))
                        (i32.load (i32.add (local.get $a) (i32.shl (local.get $stride4) (i32.const 1)))))
                      (i32.load (i32.add (local.get $a) (i32.mul (local.get $stride4) (i32.const 3))))))
                  (local.set $take (v128.or (f32x4.gt (local.get $v) (local.get $best)) (f32x4.ne (local.get $v) (local.get $v))))
                  (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $take)))
                  (local.set $bestIdx (v128.bitselect (local.get $tapIdx) (local.get $bestIdx) (local.get $take)))
                  (local.set $v
                    (i32x4.replace_lane 3
                      (i32x4.replace_lane 2
                        (i32x4.replace_lane 1
                          (i32x4.splat (i32.load (i32.add (local.get $a) (local.get $quadBytes))))
                          (i32.load (i32.add (i32.add (local.get $a) (local.get $quadBytes)) (local.get $stride4))))
                        (i32.load (i32.add (i32.add (local.get $a) (local.get $quadBytes)) (i32.shl (local.get $stride4) (i32.const 1)))))
                      (i32.load (i32.add (i32.add (local.get $a) (local.get $quadBytes)) (i32.mul (local.get $stride4) (i32.const 3))))))
                  (local.set $take (v128.or (f32x4.gt (local.get $v) (local.get $best2)) (f32x4.ne (local.get $v) (local.get $v))))
                  (local.set $best2 (v128.bitselect (local.get $v) (local.get $best2) (local.get $take)))
                  (local.set $bestIdx2 (v128.bitselect (i32x4.add (local.get $tapIdx) (local.get $quadOffset))
                    (local.get $bestIdx2) (local.get $take)))
                  (local.set $a (i32.add (local.get $a) (local.get $dilBytes)))
                  (local.set $tapIdx (i32x4.add (local.get $tapIdx) (local.get $dilVector)))
                  (br_if $widthTapssN (local.tee $j (i32.sub (local.get $j) (i32.const 1)))))
                (local.set $r (i32.add (local.get $r) (local.get $hStep)))
                (br_if $heightTapssN (i32.lt_s (local.tee $hh (i32.add (local.get $hh) (i32.const 1))) (local.get $hCount))))
              (local.set $rd (i32.add (local.get $rd) (local.get $dStep)))
              (br_if $depthTapssN (i32.lt_s (local.tee $dd (i32.add (local.get $dd) (i32.const 1))) (local.get $dCount))))
            (local.set $a (i32.add (local.get $outVal) (i32.shl (local.get $o) (i32.const 2))))
            (v128.store (local.get $a) (local.get $best))
            (v128.store offset=16 (local.get $a) (local.get $best2))
            (local.set $a (i32.add (local.get $outIdx) (i32.shl (local.get $o) (i32.const 3))))
            (v128.store (local.get $a) (i64x2.extend_low_i32x4_u (local.get $bestIdx)))
            (v128.store offset=16 (local.get $a) (i64x2.extend_high_i32x4_u (local.get $bestIdx)))
            (v128.store offset=32 (local.get $a) (i64x2.extend_low_i32x4_u (local.get $bestIdx2)))
            (v128.store offset=48 (local.get $a) (i64x2.extend_high_i32x4_u (local.get $bestIdx2)))
            (local.set $o (i32.add (local.get $o) (i32.const 8)))
            (br $eightssN)))

        ;; the interior, 4 outputs at a time
        (block $vectors4Done
          (loop $vectors4
            (br_if $vectors4Done (i32.gt_s (i32.add (local.get $o) (i32.const 4)) (local.get $vecTo)))
            (local.set $colBase (i32.sub (i32.mul (local.get $o) (local.get $stride)) (local.get $padding)))
            (local.set $best (v128.const i32x4 0xff800000 0xff800000 0xff800000 0xff800000))
            (local.set $bestIdx (i32x4.add (i32x4.splat (i32.add (local.get $rowBase) (local.get $colBase)))
              (local.get $laneOffsets)))
            (local.set $rd (local.get $rowBase))
            (local.set $dd (i32.const 0))
            (loop $depthTaps4
              (local.set $r (local.get $rd))
              (local.set $hh (i32.const 0))
              (loop $heightTaps4
                (local.set $t (i32.add (local.get $r) (local.get $colBase)))
                (local.set $j (i32.const 0))
                (loop $widthTaps4
                  (local.set $a (i32.add (local.get $inBase) (i32.shl (local.get $t) (i32.const 2))))
                  (local.set $tapIdx (i32x4.add (i32x4.splat (local.get $t)) (local.get $laneOffsets)))
                  (local.set $v
                    (if (result v128) (i32.eq (local.get $stride) (i32.const 1))
                      (then (v128.load (local.get $a)))
                      (else
                        (if (result v128) (i32.eq (local.get $stride) (i32.const 2))
                          (then (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
                            (v128.load (local.get $a)) (v128.load offset=16 (local.get $a))))
                          (else
                            (i32x4.replace_lane 3
                              (i32x4.replace_lane 2
                                (i32x4.replace_lane 1
                                  (i32x4.splat (i32.load (local.get $a)))
                                  (i32.load (i32.add (local.get $a) (local.get $stride4))))
                                (i32.load (i32.add (local.get $a) (i32.shl (local.get $stride4) (i32.const 1)))))
                              (i32.load (i32.add (local.get $a) (i32.mul (local.get $stride4) (i32.const 3))))))))))
                  (local.set $take (v128.or (f32x4.gt (local.get $v) (local.get $best)) (f32x4.ne (local.get $v) (local.get $v))))
                  (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $take)))
                  (local.set $bestIdx (v128.bitselect (local.get $tapIdx) (local.get $bestIdx) (local.get $take)))
                  (local.set $t (i32.add (local.get $t) (local.get $colDil)))
                  (br_if $widthTaps4 (i32.lt_s (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $kernelWidth))))
                (local.set $r (i32.add (local.get $r) (local.get $hStep)))
                (br_if $heightTaps4 (i32.lt_s (local.tee $hh (i32.add (local.get $hh) (i32.const 1))) (local.get $hCount))))
              (local.set $rd (i32.add (local.get $rd) (local.get $dStep)))
              (br_if $depthTaps4 (i32.lt_s (local.tee $dd (i32.add (local.get $dd) (i32.const 1))) (local.get $dCount))))
            (v128.store (i32.add (local.get $outVal) (i32.shl (local.get $o) (i32.const 2))) (local.get $best))
            (local.set $a (i32.add (local.get $outIdx) (i32.shl (local.get $o) (i32.const 3))))
            (v128.store (local.get $a) (i64x2.extend_low_i32x4_u (local.get $bestIdx)))
            (v128.store offset=16 (local.get $a) (i64x2.extend_high_i32x4_u (local.get $bestIdx)))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (br $vectors4)))

        ;; what is left of the row, one at a time
        (block $rightDone
          (loop $right
            (br_if $rightDone (i32.ge_s (local.get $o) (local.get $outW)))
            (call $storeOutput (local.get $inBase) (local.get $outVal) (local.get $outIdx) (local.get $o)
              (call $scalarOutput (local.get $inBase) (local.get $rowBase)
                (local.get $dCount) (local.get $dStep) (local.get $hCount) (local.get $hStep)
                (i32.load (i32.add (local.get $colFirstPtr) (i32.shl (local.get $o) (i32.const 2))))
                (i32.load (i32.add (local.get $colEndPtr) (i32.shl (local.get $o) (i32.const 2))))
                (local.get $colDil)))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br $right)))

        (local.set $outVal (i32.add (local.get $outVal) (i32.shl (local.get $outW) (i32.const 2))))
        (local.set $outIdx (i32.add (local.get $outIdx) (i32.shl (local.get $outW) (i32.const 3))))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br $rows))))

  ;; Output o of the row: the input's bits at the chosen offset, and the offset as an int64.
  (func $storeOutput (param $inBase i32) (param $outVal i32) (param $outIdx i32) (param $o i32) (param $chosen i32)
    (i32.store (i32.add (local.get $outVal) (i32.shl (local.get $o) (i32.const 2)))
      (i32.load (i32.add (local.get $inBase) (i32.shl (local.get $chosen) (i32.const 2)))))
    (i64.store (i32.add (local.get $outIdx) (i32.shl (local.get $o) (i32.const 3)))
      (i64.extend_i32_u (local.get $chosen)))))
