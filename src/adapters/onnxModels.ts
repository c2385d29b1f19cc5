/**
 * One-node ONNX models for MaxPool (with its Indices output) and MaxUnpool, built in memory.
 * Spatial sizes are symbolic, so one model serves every input size with the same attributes.
 */
import onnxProto from 'onnx-proto';
import type { onnx as OnnxSchema } from 'onnx-proto';
import type { Dtype, SpatialRank } from '../types.js';
import type { PoolAxes } from './axes.js';
import type { StorageOrder } from './indexConventions.js';

const { onnx } = onnxProto;
const { AttributeType } = onnx.AttributeProto;
const { DataType } = onnx.TensorProto;

/**
 * The lowest opset that can express the options, as an exporter would choose: MaxPool gained
 * its Indices output and storage_order in opset 8, dilations and ceil_mode in opset 10.
 * MaxUnpool is built at opset 11 (ONNX Runtime runs 9 through 21 with one kernel).
 */
export function maxPoolOpset(axes: PoolAxes): number {
  return axes.ceilMode || axes.dilation.some((d) => d !== 1) ? 10 : 8;
}
const MAX_UNPOOL_OPSET = 11;

function elementType(dtype: Dtype): number {
  return dtype === 'float64' ? DataType.DOUBLE : DataType.FLOAT;
}

function tensorValue(name: string, type: number, rank: number): OnnxSchema.IValueInfoProto {
  const dim = Array.from({ length: rank }, (_, axis) => ({ dimParam: `${name}_${axis}` }));
  return { name, type: { tensorType: { elemType: type, shape: { dim } } } };
}

function ints(name: string, values: readonly number[]): OnnxSchema.IAttributeProto {
  return { name, type: AttributeType.INTS, ints: [...values] };
}

function int(name: string, value: number): OnnxSchema.IAttributeProto {
  return { name, type: AttributeType.INT, i: value };
}

function encodeModel(opset: number, graph: OnnxSchema.IGraphProto): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'poolcheck',
    opsetImport: [{ domain: '', version: opset }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

/** ONNX pads are [x1_begin, x2_begin, ..., x1_end, x2_end, ...]; PyTorch pads both ends alike. */
function symmetricPads(padding: readonly number[]): number[] {
  return [...padding, ...padding];
}

export interface MaxPoolModel {
  rank: SpatialRank;
  dtype: Dtype;
  axes: PoolAxes;
  storageOrder: StorageOrder;
}

/** Inputs: X. Outputs: Y, Indices (int64, whole-tensor flat, in `storageOrder`). */
export function maxPoolModelBytes({ rank, dtype, axes, storageOrder }: MaxPoolModel): Uint8Array {
  const opset = maxPoolOpset(axes);
  const attribute = [
    ints('kernel_shape', axes.kernel),
    ints('strides', axes.stride),
    ints('pads', symmetricPads(axes.padding)),
    int('storage_order', storageOrder),
  ];
  if (opset >= 10) attribute.push(ints('dilations', axes.dilation), int('ceil_mode', axes.ceilMode ? 1 : 0));
  const type = elementType(dtype);
  return encodeModel(opset, {
    name: 'poolcheck_max_pool',
    node: [{ opType: 'MaxPool', input: ['X'], output: ['Y', 'Indices'], attribute }],
    input: [tensorValue('X', type, rank + 2)],
    output: [tensorValue('Y', type, rank + 2), tensorValue('Indices', DataType.INT64, rank + 2)],
  });
}

export interface MaxUnpoolModel {
  rank: SpatialRank;
  dtype: Dtype;
  kernel: number[];
  stride: number[];
  padding: number[];
  /** Adds the optional third input, output_shape = [N, C, ...spatial] as int64. */
  withOutputShape: boolean;
}

/** Inputs: X, I (int64, whole-tensor flat, row-major) and optionally output_shape. Output: Y. */
export function maxUnpoolModelBytes(model: MaxUnpoolModel): Uint8Array {
  const { rank, dtype, kernel, stride, padding, withOutputShape } = model;
  const type = elementType(dtype);
  const input = [tensorValue('X', type, rank + 2), tensorValue('I', DataType.INT64, rank + 2)];
  if (withOutputShape) input.push(tensorValue('output_shape', DataType.INT64, 1));
  return encodeModel(MAX_UNPOOL_OPSET, {
    name: 'poolcheck_max_unpool',
    node: [{
      opType: 'MaxUnpool',
      input: input.map((value) => value.name!),
      output: ['Y'],
      // pads stay even with output_shape: ONNX Runtime checks output_shape against the size
      // they imply, which is PyTorch's default size.
      attribute: [ints('kernel_shape', kernel), ints('strides', stride), ints('pads', symmetricPads(padding))],
    }],
    input,
    output: [tensorValue('Y', type, rank + 2)],
  });
}

/** ONNX's inferred MaxUnpool size per axis: (in - 1) * stride + kernel - pad_begin - pad_end. */
export function onnxUnpoolDefaultLength(inputLength: number, kernel: number, stride: number, padding: number): number {
  return (inputLength - 1) * stride + kernel - 2 * padding;
}
