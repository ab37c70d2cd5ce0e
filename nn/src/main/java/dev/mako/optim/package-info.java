/**
 * Optimizers, learning-rate schedules and gradient control.
 *
 * <p>Every optimizer is a {@link dev.mako.optim.BaseOptimizer} plus one per-parameter update
 * rule running as a fused kernel ({@code dev.mako.kernels.OptimizerKernels}); its state tensors
 * are created once in {@code build} from the model's store, and {@code step()} allocates nothing.
 * Formulas and defaults are Keras 3's; each class comment says where PyTorch differs. In short:
 *
 * <table>
 *   <caption>Keras 3 (used here) and PyTorch</caption>
 *   <tr><th></th><th>Keras 3 — Mako</th><th>PyTorch</th></tr>
 *   <tr><td>SGD momentum</td><td>v = μv − lr·g; p += v (Nesterov: p += μv − lr·g); lr 0.01</td>
 *       <td>b = μb + g; p −= lr·b (Nesterov: p −= lr·(g + μb))</td></tr>
 *   <tr><td>Adagrad</td><td>a₀ = 0.1; p −= lr·g / sqrt(a + 1e-7); lr 0.001</td>
 *       <td>a₀ = 0; p −= lr·g / (sqrt(a) + 1e-10); lr 0.01</td></tr>
 *   <tr><td>RMSprop</td><td>ρ 0.9; p −= lr·g / sqrt(s + 1e-7); lr 0.001</td>
 *       <td>α 0.99; p −= lr·g / (sqrt(s) + 1e-8); lr 0.01</td></tr>
 *   <tr><td>Adam</td><td>p −= α·m / (sqrt(v) + 1e-7), α = lr·sqrt(1 − β2ᵗ)/(1 − β1ᵗ)</td>
 *       <td>p −= lr·m̂ / (sqrt(v̂) + 1e-8)</td></tr>
 *   <tr><td>AdamW</td><td>p −= lr·wd·p first; wd 0.004</td><td>the same; wd 0.01</td></tr>
 *   <tr><td>L2</td><td>{@code l2(λ)}: g += 2λ·p, as the regulariser L2(λ)</td>
 *       <td>{@code weight_decay=wd} in SGD/Adam: g += wd·p, i.e. {@code l2(wd/2)}</td></tr>
 * </table>
 *
 * <p>Per step: schedule → L2 → one kind of clipping (clipnorm, global_clipnorm or clipvalue) →
 * decoupled weight decay fused with the rule's update → iterations + 1.
 */
package dev.mako.optim;
