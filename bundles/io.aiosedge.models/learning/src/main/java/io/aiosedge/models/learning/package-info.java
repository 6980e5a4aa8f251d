/**
 * Trainable anomaly models on TensorFlow Java, for build-time training, a cloud worker and a gateway alike:
 * {@link io.aiosedge.models.learning.WindowNetwork} describes a network on a raw window (1-D convolutions, dense
 * layers, window statistics), {@link io.aiosedge.models.learning.TrainableModel} holds one in a TensorFlow session
 * (predict, one Adam step, loss, weights saved to and restored from a checkpoint, export as a SavedModel with the
 * signatures {@code serving_default}, {@code train_step} and {@code evaluate}), {@link
 * io.aiosedge.models.learning.ModelTrainer} runs epochs and distillation, {@link
 * io.aiosedge.models.learning.Int8Export} writes the serving-only int8 form (and the same graph in float, its
 * baseline). The build-time trainer makes the shipped anomaly models with these classes. (Fine-tuning with a replay buffer
 * is not written yet.)
 *
 * <p>The API takes and returns plain Java arrays; no TensorFlow type crosses it. Windows are rows of
 * {@link io.aiosedge.models.learning.WindowNetwork#width()} samples; probabilities and targets lie in [0, 1].
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.aiosedge.models.learning;
