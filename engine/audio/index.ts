/**
 * Audio frontend: WAV files in, log-mel (or log) spectrograms out.
 */
export { parseWav, LIMITS_WAV, type WavAudio } from './wav-parse.ts';
export { encodeWav } from './wav-encode.ts';
export { createFft, isPowerOfTwo, type Fft } from './fft.ts';
export { hzToMel, melToHz, melCenters, melFilterbank, type FilterbankOptions } from './mel.ts';
export { logMel, logSpectrogram, hannWindow, frameCount, LOG_FLOOR } from './spectrogram.ts';
export { LIMITS_AUDIO, type FrameOptions, type LogMelOptions } from './options.ts';
export { resample, LIMITS_RESAMPLE } from './resample.ts';
export { logMelFromWav } from './frontend.ts';
