export { CODEC_NAMES, CompressionCodec, CompressionError, codecByName, compress, decompress, isKnownCodec } from './codecs';
