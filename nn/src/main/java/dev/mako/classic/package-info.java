/**
 * The classic single-unit learners, each a few lines to use on tensor data (x [n, features],
 * y [n]) and written out on the kernels so the algorithm stays visible: Rosenblatt's
 * {@link dev.mako.classic.Perceptron} (mistake-driven, labels ±1, reports whether it
 * converged), Widrow–Hoff's {@link dev.mako.classic.Adaline} (least squares, batch or per
 * sample, labels ±1) and {@link dev.mako.classic.LogisticRegression} (one sigmoid neuron,
 * logistic loss, labels 0/1). The playground data sets in {@code dev.mako.data.Playground}
 * show where each succeeds and where a linear model cannot (XOR, circle, spirals).
 */
package dev.mako.classic;
