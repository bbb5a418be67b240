<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ComparePainter</name>
    <message>
        <source>no affine (γ = 1, β = 0)</source>
        <translation>无仿射变换（γ = 1，β = 0）</translation>
    </message>
    <message>
        <source>γ, β per channel</source>
        <translation>γ、β 每通道各一个值</translation>
    </message>
    <message>
        <source>γ = %1, β = %2</source>
        <translation>γ = %1，β = %2</translation>
    </message>
    <message>
        <source>BatchNorm, LayerNorm, InstanceNorm and GroupNorm on one tensor</source>
        <translation>同一张量上的批归一化、层归一化、实例归一化和组归一化</translation>
    </message>
    <message>
        <source>n=%1, c=%2, h=%3, w=%4</source>
        <translation>n=%1, c=%2, h=%3, w=%4</translation>
    </message>
    <message>
        <source>n=%1, c=%2, l=%3</source>
        <translation>n=%1, c=%2, l=%3</translation>
    </message>
    <message>
        <source>input %1</source>
        <translation>输入 %1</translation>
    </message>
    <message>
        <source>shared: eps = %1, %2, G = %3</source>
        <translation>共享参数：eps = %1，%2，G = %3</translation>
    </message>
    <message>
        <source>training mode: each norm with this batch&apos;s statistics</source>
        <translation>训练模式：每种归一化都用这个批次自己的统计量</translation>
    </message>
    <message>
        <source>Outlined in each cube: the set holding the element %1. Bars: each norm&apos;s whole output (axes shared by the four); line: that set; dashed: the normal each set follows.</source>
        <translation>每个立方体中勾出的是包含元素 %1 的集合。柱：各归一化的全部输出（四者共用坐标轴）；实线：该集合；虚线：每个集合服从的正态分布。</translation>
    </message>
    <message>
        <source>refuses this input: %1</source>
        <translation>拒绝此输入：%1</translation>
    </message>
    <message>
        <source>over %1 · set %2 of %3 · %4 values</source>
        <translation>作用于 %1 · 集合 %2（共 %3 个）· %4 个值</translation>
    </message>
    <message>
        <source>Per-set means %1, stds %2</source>
        <translation>归一化后各集合均值 %1，标准差 %2</translation>
    </message>
    <message>
        <source>Also standardised: every sample and every channel.</source>
        <translation>同样被标准化：每个样本和每个通道。</translation>
    </message>
    <message>
        <source>Leaves unequalised: %1</source>
        <translation>未被拉平：%1</translation>
    </message>
    <message>
        <source>GroupNorm (G = %1) against LayerNorm over (C, H, W): %2</source>
        <translation>组归一化 (G = %1) 对比作用于 (C, H, W) 的层归一化：%2</translation>
    </message>
    <message>
        <source>GroupNorm (G = %1) against InstanceNorm (affine as GroupNorm&apos;s): %2</source>
        <translation>组归一化 (G = %1) 对比实例归一化（仿射参数与组归一化相同）：%2</translation>
    </message>
    <message>
        <source>Measured on these outputs with the same eps, γ and β: GroupNorm meets LayerNorm at G = 1 and InstanceNorm at G = C = %1.</source>
        <translation>在这些输出上用相同的 eps、γ 和 β 实测：组归一化在 G = 1 时与层归一化一致，在 G = C = %1 时与实例归一化一致。</translation>
    </message>
</context>
<context>
    <name>CubePainter</name>
    <message>
        <source>%1: %2 sets, each normalized over %3 (%4 values per set)</source>
        <translation>%1：共 %2 个集合，每个集合在 %3 上归一化（每个集合 %4 个值）</translation>
    </message>
    <message>
        <source>%1 · set %2: mean and variance over %3 (%4 values)</source>
        <translation>%1 · 集合 %2：在 %3 上计算均值和方差（%4 个值）</translation>
    </message>
    <message>
        <source>%1 in %2 bands</source>
        <translation>%1 合并为 %2 段</translation>
    </message>
    <message>
        <source>drawn coarsened: %1</source>
        <translation>粗化显示：%1</translation>
    </message>
    <message>
        <source>%1 (eval) · set %2: normalized with the running mean and variance of channel %3, not its own over %4 (%5 values)</source>
        <translation>%1（评估模式）· 集合 %2：用通道 %3 的运行均值和方差归一化，而不是用它自己在 %4 上的统计量（%5 个值）</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>cell means</source>
        <translation>单元格均值</translation>
    </message>
    <message>
        <source>%1 · set %2: mean square over %3 (%4 values)</source>
        <translation>%1 · 集合 %2：在 %3 上计算均方（%4 个值）</translation>
    </message>
</context>
<context>
    <name>EquivalenceText</name>
    <message>
        <source>%1 not measured: the other layer refuses this input (%2)</source>
        <translation>%1 未测量：另一层拒绝此输入（%2）</translation>
    </message>
    <message>
        <source>%1 = %2 over %3 outputs</source>
        <translation>%1 = %2（共 %3 个输出）</translation>
    </message>
    <message>
        <source> (float32 rounding)</source>
        <translation>（float32 舍入误差）</translation>
    </message>
    <message>
        <source>; at %1 outputs one is NaN or infinite and the other not (eps = 0 on a constant set)</source>
        <translation>；有 %1 个输出一方为 NaN 或无穷大而另一方不是（常数集合上 eps = 0）</translation>
    </message>
    <message>
        <source>max |GN − LN|</source>
        <translation>max |GN − LN|</translation>
    </message>
    <message>
        <source>max |GN − IN|</source>
        <translation>max |GN − IN|</translation>
    </message>
    <message>
        <source>G = 1, run against LayerNorm over (C, H, W) with the same eps, γ and β: %1.</source>
        <translation>G = 1，与使用相同 eps、γ 和 β、作用于 (C, H, W) 的层归一化对比运行：%1。</translation>
    </message>
    <message>
        <source>G = C = %1, run against InstanceNorm (affine=True, the same eps, γ and β): %2.</source>
        <translation>G = C = %1，与实例归一化（affine=True，相同的 eps、γ 和 β）对比运行：%2。</translation>
    </message>
</context>
<context>
    <name>FigureExport</name>
    <message>
        <source>%1: what each set becomes</source>
        <translation>%1：每个集合变成了什么</translation>
    </message>
    <message>
        <source>input %1 · %2</source>
        <translation>输入 %1 · %2</translation>
    </message>
    <message>
        <source>Unknown figure format &apos;.%1&apos;: use .png, .svg or .pdf.</source>
        <translation>未知的图片格式“.%1”：请使用 .png、.svg 或 .pdf。</translation>
    </message>
    <message>
        <source>Figure size %1×%2 is out of range (16 to 16384 pixels).</source>
        <translation>图片尺寸 %1×%2 超出范围（16 到 16384 像素）。</translation>
    </message>
    <message>
        <source>DPI %1 is out of range (10 to 2400).</source>
        <translation>DPI %1 超出范围（10 到 2400）。</translation>
    </message>
    <message>
        <source>NormScope figure</source>
        <translation>NormScope 图</translation>
    </message>
    <message>
        <source>Selected set (%1):</source>
        <translation>所选集合 (%1)：</translation>
    </message>
    <message>
        <source>mean %1 → %2, std %3 → %4</source>
        <translation>均值 %1 → %2，标准差 %3 → %4</translation>
    </message>
    <message>
        <source>All %1 sets:</source>
        <translation>全部 %1 个集合：</translation>
    </message>
    <message>
        <source>means %1 → %2, stds %3 → %4</source>
        <translation>均值 %1 → %2，标准差 %3 → %4</translation>
    </message>
    <message>
        <source>%1 has no file extension: end it in .png, .svg or .pdf.</source>
        <translation>%1 没有文件扩展名：请以 .png、.svg 或 .pdf 结尾。</translation>
    </message>
    <message>
        <source>The one set:</source>
        <translation>唯一的集合：</translation>
    </message>
    <message>
        <source>Cannot encode the figure as PNG (%1×%2).</source>
        <translation>无法将图编码为 PNG（%1×%2）。</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1：</translation>
    </message>
    <message>
        <source>Root mean square:</source>
        <translation>均方根：</translation>
    </message>
    <message>
        <source>selected set %1 → %2, all sets %3 → %4</source>
        <translation>选中集合 %1 → %2，全部集合 %3 → %4</translation>
    </message>
</context>
<context>
    <name>FileWriting</name>
    <message>
        <source>Cannot write %1: the disk is full.</source>
        <translation>无法写入 %1：磁盘已满。</translation>
    </message>
    <message>
        <source>Cannot write %1: its folder does not exist.</source>
        <translation>无法写入 %1：所在文件夹不存在。</translation>
    </message>
    <message>
        <source>Cannot write %1: it is a folder.</source>
        <translation>无法写入 %1：这是一个文件夹。</translation>
    </message>
    <message>
        <source>Cannot write %1: it is a named pipe (FIFO), not a regular file.</source>
        <translation>无法写入 %1：这是一个命名管道（FIFO），不是普通文件。</translation>
    </message>
    <message>
        <source>Cannot write %1: it is a device or socket, not a regular file.</source>
        <translation>无法写入 %1：这是一个设备或套接字，不是普通文件。</translation>
    </message>
    <message>
        <source>Cannot write %1: it is a symbolic link to a file that does not exist.</source>
        <translation>无法写入 %1：这是一个符号链接，指向的文件不存在。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>Generators</name>
    <message>
        <source>Normal</source>
        <translation>正态分布</translation>
    </message>
    <message>
        <source>Independent normal values, N(mean, std²).</source>
        <translation>独立的正态分布值，N(均值, 标准差²)。</translation>
    </message>
    <message>
        <source>Uniform</source>
        <translation>均匀分布</translation>
    </message>
    <message>
        <source>Independent values uniform in [low, high).</source>
        <translation>在 [low, high) 上独立均匀分布的值。</translation>
    </message>
    <message>
        <source>Per-channel shift and scale</source>
        <translation>逐通道平移和缩放</translation>
    </message>
    <message>
        <source>Each channel has its own mean and spread: what BatchNorm removes.</source>
        <translation>每个通道有自己的均值和离散程度：这正是批归一化要消除的。</translation>
    </message>
    <message>
        <source>Per-sample shift and scale</source>
        <translation>逐样本平移和缩放</translation>
    </message>
    <message>
        <source>Each sample has its own mean and spread: what LayerNorm and InstanceNorm remove.</source>
        <translation>每个样本有自己的均值和离散程度：这正是层归一化和实例归一化要消除的。</translation>
    </message>
    <message>
        <source>Heavy-tailed with outliers</source>
        <translation>重尾分布（含离群值）</translation>
    </message>
    <message>
        <source>Standard normal values, a fraction of them replaced by large outliers.</source>
        <translation>标准正态分布的值，其中一部分被大的离群值替换。</translation>
    </message>
    <message>
        <source>Bimodal</source>
        <translation>双峰分布</translation>
    </message>
    <message>
        <source>A mixture of two unit normals.</source>
        <translation>两个单位方差正态分布的混合。</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>常数</translation>
    </message>
    <message>
        <source>Every value the same: zero variance in every set.</source>
        <translation>所有值都相同：每个集合的方差都为零。</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>Mean of every value.</source>
        <translation>所有值的均值。</translation>
    </message>
    <message>
        <source>std</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>Standard deviation.</source>
        <translation>标准差。</translation>
    </message>
    <message>
        <source>low</source>
        <translation>下界</translation>
    </message>
    <message>
        <source>Lower bound.</source>
        <translation>下界。</translation>
    </message>
    <message>
        <source>high</source>
        <translation>上界</translation>
    </message>
    <message>
        <source>Upper bound.</source>
        <translation>上界。</translation>
    </message>
    <message>
        <source>shift</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Standard deviation of the channel means.</source>
        <translation>各通道均值的标准差。</translation>
    </message>
    <message>
        <source>scale</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Channel stds are drawn log-uniformly in [1/scale, scale].</source>
        <translation>各通道标准差在 [1/scale, scale] 上按对数均匀抽取。</translation>
    </message>
    <message>
        <source>Standard deviation of the sample means.</source>
        <translation>各样本均值的标准差。</translation>
    </message>
    <message>
        <source>Sample stds are drawn log-uniformly in [1/scale, scale].</source>
        <translation>各样本标准差在 [1/scale, scale] 上按对数均匀抽取。</translation>
    </message>
    <message>
        <source>fraction</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>Share of values that are outliers.</source>
        <translation>离群值所占的比例。</translation>
    </message>
    <message>
        <source>magnitude</source>
        <translation>幅度</translation>
    </message>
    <message>
        <source>Typical size of an outlier.</source>
        <translation>离群值的典型大小。</translation>
    </message>
    <message>
        <source>separation</source>
        <translation>间距</translation>
    </message>
    <message>
        <source>Distance between the two modes.</source>
        <translation>两个峰之间的距离。</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Share of values in the upper mode.</source>
        <translation>位于上方峰的值所占比例。</translation>
    </message>
    <message>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>The value.</source>
        <translation>该数值。</translation>
    </message>
</context>
<context>
    <name>ImageGrid</name>
    <message>
        <source>Before</source>
        <translation>归一化前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>归一化后</translation>
    </message>
</context>
<context>
    <name>ImageTexts</name>
    <message>
        <source>red</source>
        <translation>红</translation>
    </message>
    <message>
        <source>green</source>
        <translation>绿</translation>
    </message>
    <message>
        <source>blue</source>
        <translation>蓝</translation>
    </message>
    <message>
        <source>Images need an (N, C, H, W) input: (N, C) and (N, C, L) data have no height and width to draw.</source>
        <translation>图像需要 (N, C, H, W) 形状的输入：(N, C) 和 (N, C, L) 数据没有可绘制的高和宽。</translation>
    </message>
    <message>
        <source>n = %1 · %2</source>
        <translation>n = %1 · %2</translation>
    </message>
    <message>
        <source>n = %1</source>
        <translation>n = %1</translation>
    </message>
    <message>
        <source>Before: the images as read (pixel = value × 255).</source>
        <translation>归一化前：读入的原图（像素 = 值 × 255）。</translation>
    </message>
    <message>
        <source>Before: the images as read (pixel = value).</source>
        <translation>归一化前：读入的原图（像素 = 值）。</translation>
    </message>
    <message>
        <source>Before: one linear map for the whole input, %1 black and %2 white.</source>
        <translation>归一化前：整个输入共用一个线性映射，%1 为黑，%2 为白。</translation>
    </message>
    <message>
        <source>Channels 0, 1, 2 are drawn as red, green, blue.</source>
        <translation>通道 0、1、2 分别画作红、绿、蓝。</translation>
    </message>
    <message>
        <source>Each channel is a grey tile.</source>
        <translation>每个通道画成一块灰度图。</translation>
    </message>
    <message>
        <source>After: every channel through one fixed map, 0 mid grey, ±1 σ ±42.5 levels, −3 black, +3 white.</source>
        <translation>归一化后：每个通道都用同一个固定映射，0 为中灰，±1 σ 为 ±42.5 级灰度，−3 为黑，+3 为白。</translation>
    </message>
    <message>
        <source>%1 % of the output lies beyond ±3 (clipped).</source>
        <translation>输出中有 %1% 的值超出 ±3（已截断）。</translation>
    </message>
    <message>
        <source>NaN output values (%1) are drawn magenta.</source>
        <translation>NaN 输出值（%1 个）画成品红色。</translation>
    </message>
    <message>
        <source>One map for every image and channel, not a stretch (which would remove colour casts by itself): what differs on the right is what the norm left.</source>
        <translation>所有图像和通道共用一个映射，而不是逐图拉伸（拉伸本身就会去掉偏色）：右侧仍有的差异，正是归一化留下的。</translation>
    </message>
    <message>
        <source>The bar under each picture is its mean colour.</source>
        <translation>每幅图下方的色条是它的平均颜色。</translation>
    </message>
    <message>
        <source>Framed: the selected set %1 (the %2 channel inside the frame).</source>
        <translation>框出的是所选集合 %1（框内的%2色通道）。</translation>
    </message>
    <message>
        <source>Framed: the selected set %1.</source>
        <translation>框出的是所选集合 %1。</translation>
    </message>
    <message>
        <source>Samples %1–%2 of %3 shown.</source>
        <translation>显示第 %1–%2 个样本（共 %3 个）。</translation>
    </message>
    <message>
        <source>Channels %1–%2 of %3 shown.</source>
        <translation>显示第 %1–%2 个通道（共 %3 个）。</translation>
    </message>
    <message>
        <source>One map for every sample and channel, not a stretch per tile (which would even the tiles out by itself): what differs on the right is what the norm left.</source>
        <translation>所有样本和通道共用一个映射，而不是逐块拉伸（拉伸本身就会把各块拉平）：右侧仍有的差异，正是归一化留下的。</translation>
    </message>
    <message>
        <source>The bar under each picture is its mean, drawn with the same map.</source>
        <translation>每幅图下方的色条是它的均值，用同一个映射绘制。</translation>
    </message>
</context>
<context>
    <name>ImagesFigure</name>
    <message>
        <source>%1 on one image: before and after</source>
        <translation>%1 作用于一幅图像：归一化前后</translation>
    </message>
    <message>
        <source>%1 on %2 images: before and after</source>
        <translation>%1 作用于 %2 幅图像：归一化前后</translation>
    </message>
    <message>
        <source>%1: the tensor as pictures, before and after</source>
        <translation>%1：把张量画成图像，归一化前后</translation>
    </message>
    <message>
        <source>input %1 · %2</source>
        <translation>输入 %1 · %2</translation>
    </message>
</context>
<context>
    <name>LabFigures</name>
    <message>
        <source>The running-statistics lab has nothing to show yet: open its tab first.</source>
        <translation>运行统计量实验还没有可显示的内容：请先打开它的标签页。</translation>
    </message>
    <message>
        <source>The batch-size lab has nothing to show yet: open its tab first.</source>
        <translation>批次大小实验还没有可显示的内容：请先打开它的标签页。</translation>
    </message>
</context>
<context>
    <name>LabPlots</name>
    <message>
        <source>shift </source>
        <translation>偏移 </translation>
    </message>
    <message>
        <source> shift</source>
        <translation> 偏移</translation>
    </message>
    <message>
        <source>N = %1: PyTorch refuses</source>
        <translation>N = %1：PyTorch 拒绝</translation>
    </message>
    <message>
        <source>channel %1</source>
        <translation>通道 %1</translation>
    </message>
    <message>
        <source>the data&apos;s</source>
        <translation>数据的</translation>
    </message>
    <message>
        <source>population</source>
        <translation>总体</translation>
    </message>
    <message>
        <source>step (batches fed)</source>
        <translation>步数（已送入的批次）</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>variance</source>
        <translation>方差</translation>
    </message>
    <message>
        <source>other channels</source>
        <translation>其他通道</translation>
    </message>
    <message>
        <source>batch mean</source>
        <translation>批次均值</translation>
    </message>
    <message>
        <source>batch variance (unbiased)</source>
        <translation>批次方差（无偏）</translation>
    </message>
    <message>
        <source>%1 mean</source>
        <translation>%1均值</translation>
    </message>
    <message>
        <source>%1 variance</source>
        <translation>%1方差</translation>
    </message>
    <message>
        <source>mean |eval − train|</source>
        <translation>|评估 − 训练| 的均值</translation>
    </message>
    <message>
        <source>all channels</source>
        <translation>所有通道</translation>
    </message>
    <message>
        <source>output mean</source>
        <translation>输出均值</translation>
    </message>
    <message>
        <source>eval, %1</source>
        <translation>评估，%1</translation>
    </message>
    <message>
        <source>train mode (β)</source>
        <translation>训练模式 (β)</translation>
    </message>
    <message>
        <source>batch size N (log scale)</source>
        <translation>批次大小 N（对数刻度）</translation>
    </message>
    <message>
        <source>std over draws</source>
        <translation>各次抽取间的标准差</translation>
    </message>
    <message>
        <source>BatchNorm, training: all channels&apos; mean</source>
        <translation>批归一化，训练：所有通道的平均</translation>
    </message>
</context>
<context>
    <name>LabTexts</name>
    <message>
        <source>momentum %1</source>
        <translation>动量 %1</translation>
    </message>
    <message>
        <source>momentum=None (cumulative average)</source>
        <translation>momentum=None（累积平均）</translation>
    </message>
    <message>
        <source>BatchNorm&apos;s running statistics after 1 batch, %1</source>
        <translation>批归一化的运行统计量：1 个批次之后，%1</translation>
    </message>
    <message>
        <source>BatchNorm&apos;s running statistics over %1 batches, %2</source>
        <translation>批归一化的运行统计量：%1 个批次，%2</translation>
    </message>
    <message>
        <source>input %1 · %2</source>
        <translation>输入 %1 · %2</translation>
    </message>
    <message>
        <source>held out: the batch on screen (also fed: loaded data has no unseen batch)</source>
        <translation>留出批次：屏幕上的批次（它也被送入：加载的数据没有未见过的批次）</translation>
    </message>
    <message>
        <source>held out: batch 0, the one on screen, never fed</source>
        <translation>留出批次：第 0 个批次，即屏幕上的批次，从未送入</translation>
    </message>
    <message>
        <source>from step %1 every value %2</source>
        <translation>从第 %1 步起每个值 %2</translation>
    </message>
    <message>
        <source>Dots: each fed batch&apos;s channel mean and (unbiased) variance; lines: running_mean and running_var after that step; dashed: the population&apos;s. Eval mode normalizes with the running statistics, so its output on a held-out batch approaches train mode&apos;s only as they converge.</source>
        <translation>点：每个送入批次的通道均值和（无偏）方差；实线：该步之后的 running_mean 和 running_var；虚线：总体的值。评估模式用运行统计量归一化，因此只有当它们收敛时，留出批次上的输出才接近训练模式的输出。</translation>
    </message>
    <message>
        <source>After step %1, channel %2: running_mean %3 (population %4), running_var %5 (population %6); eval vs train: mean |Δ| = %7.</source>
        <translation>第 %1 步之后，通道 %2：running_mean %3（总体 %4），running_var %5（总体 %6）；评估与训练之差：|Δ| 的均值 = %7。</translation>
    </message>
    <message>
        <source>Since step %1 the data is shifted: the running statistics lag behind it.</source>
        <translation>从第 %1 步起数据发生了偏移：运行统计量落后于它。</translation>
    </message>
    <message>
        <source>Mean, channel %1</source>
        <translation>均值，通道 %1</translation>
    </message>
    <message>
        <source>Variance, channel %1</source>
        <translation>方差，通道 %1</translation>
    </message>
    <message>
        <source>Eval vs train on the held-out batch: mean |Δ|</source>
        <translation>留出批次上评估与训练之差：|Δ| 的均值</translation>
    </message>
    <message>
        <source>Eval-mode output: mean of each channel</source>
        <translation>评估模式的输出：各通道的均值</translation>
    </message>
    <message>
        <source>BatchNorm, training</source>
        <translation>批归一化，训练</translation>
    </message>
    <message>
        <source>BatchNorm, eval (running statistics)</source>
        <translation>批归一化，评估（运行统计量）</translation>
    </message>
    <message>
        <source>LayerNorm</source>
        <translation>层归一化 (LN)</translation>
    </message>
    <message>
        <source>InstanceNorm</source>
        <translation>实例归一化 (IN)</translation>
    </message>
    <message>
        <source>GroupNorm (G = %1)</source>
        <translation>组归一化 (GN，G = %1)</translation>
    </message>
    <message>
        <source>Why small batches hurt BatchNorm</source>
        <translation>为什么小批次会损害批归一化</translation>
    </message>
    <message>
        <source>input %1 · %2 · sample %3 kept, its batch mates drawn %4 times for each N from %5 to %6</source>
        <translation>输入 %1 · %2 · 固定样本 %3，对 %5 到 %6 的每个 N 随机抽取其批次同伴 %4 次</translation>
    </message>
    <message>
        <source>The Group Normalization paper&apos;s Figure 1, measured on your data: sample %1 stays fixed and its batch mates are drawn at random, %2 times for each batch size N. BatchNorm in training normalizes with the whole batch&apos;s statistics, so the sample&apos;s output moves with its mates, less as N grows. LayerNorm, InstanceNorm and GroupNorm look at one sample only, and BatchNorm in eval mode uses its running statistics: flat at zero.</source>
        <translation>组归一化论文的图 1，在你的数据上测量：样本 %1 保持不变，对每个批次大小 N 随机抽取其批次同伴 %2 次。训练中的批归一化用整个批次的统计量归一化，因此该样本的输出随同伴而变化，N 越大变化越小。层归一化、实例归一化和组归一化只看单个样本，评估模式下的批归一化使用运行统计量：曲线平贴在零上。</translation>
    </message>
    <message>
        <source>At N = 1 the sample is its own batch: BatchNorm normalizes it over its own values, as InstanceNorm does, so nothing varies.</source>
        <translation>N = 1 时样本自成一个批次：批归一化像实例归一化一样用它自己的值归一化，因此没有任何变化。</translation>
    </message>
    <message>
        <source>At N = 1 PyTorch refuses: &quot;%1&quot;.</source>
        <translation>N = 1 时 PyTorch 拒绝：“%1”。</translation>
    </message>
    <message>
        <source>Channel %1, BatchNorm: std over draws %2 at N = %3, %4 at N = %5.</source>
        <translation>通道 %1，批归一化：各次抽取间的标准差在 N = %3 时为 %2，在 N = %5 时为 %4。</translation>
    </message>
    <message>
        <source>Sample %1&apos;s output mean in channel %2, one dot per draw</source>
        <translation>样本 %1 在通道 %2 的输出均值，每次抽取一个点</translation>
    </message>
    <message>
        <source>Its std over the draws (channel %1)</source>
        <translation>它在各次抽取间的标准差（通道 %1）</translation>
    </message>
</context>
<context>
    <name>NormTexts</name>
    <message>
        <source>BatchNorm</source>
        <translation>批归一化 (BN)</translation>
    </message>
    <message>
        <source>InstanceNorm</source>
        <translation>实例归一化 (IN)</translation>
    </message>
    <message>
        <source>GroupNorm (G = %1)</source>
        <translation>组归一化 (GN，G = %1)</translation>
    </message>
    <message>
        <source>LayerNorm over (W)</source>
        <translation>层归一化 (LN)，作用于 (W)</translation>
    </message>
    <message>
        <source>LayerNorm over (H, W)</source>
        <translation>层归一化 (LN)，作用于 (H, W)</translation>
    </message>
    <message>
        <source>LayerNorm over (C, H, W)</source>
        <translation>层归一化 (LN)，作用于 (C, H, W)</translation>
    </message>
    <message>
        <source>LayerNorm over the whole tensor</source>
        <translation>层归一化 (LN)，作用于整个张量</translation>
    </message>
    <message>
        <source>BatchNorm standardises each channel over the whole batch: one sample alone keeps its own mean and std.</source>
        <translation>批归一化在整个批次上标准化每个通道：单个样本仍保留自己的均值和标准差。</translation>
    </message>
    <message>
        <source>InstanceNorm standardises every channel of every sample, so whole samples and channels are too.</source>
        <translation>实例归一化标准化每个样本的每个通道，因此整个样本和整个通道也被标准化。</translation>
    </message>
    <message>
        <source>With G = C every group is one channel: GroupNorm computes exactly what InstanceNorm computes (γ and β per channel).</source>
        <translation>G = C 时每组就是一个通道：组归一化与实例归一化的计算完全相同（γ 和 β 按通道）。</translation>
    </message>
    <message>
        <source>With G = 1 the group is the whole sample: GroupNorm computes what LayerNorm over (C, H, W) computes, but with γ and β per channel.</source>
        <translation>G = 1 时整个样本就是一组：组归一化与作用于 (C, H, W) 的层归一化计算相同，但 γ 和 β 按通道。</translation>
    </message>
    <message>
        <source>GroupNorm standardises each group of channels of each sample: single channels are not standardised.</source>
        <translation>组归一化标准化每个样本中的每组通道：单个通道不被标准化。</translation>
    </message>
    <message>
        <source>LayerNorm over (W) standardises every row of every channel; γ and β have one value per position along W.</source>
        <translation>作用于 (W) 的层归一化标准化每个通道的每一行；γ 和 β 沿 W 每个位置各有一个值。</translation>
    </message>
    <message>
        <source>LayerNorm over (H, W) standardises every channel of every sample, as InstanceNorm does; γ and β have one value per pixel.</source>
        <translation>作用于 (H, W) 的层归一化像实例归一化一样标准化每个样本的每个通道；γ 和 β 每个像素各有一个值。</translation>
    </message>
    <message>
        <source>LayerNorm standardises each sample over (C, H, W): one channel across the batch is not standardised.</source>
        <translation>层归一化在 (C, H, W) 上标准化每个样本：跨批次的单个通道不被标准化。</translation>
    </message>
    <message>
        <source>LayerNorm over the whole tensor standardises it as one set: no sample or channel on its own.</source>
        <translation>作用于整个张量的层归一化把它作为一个集合标准化：单个样本或通道不被单独标准化。</translation>
    </message>
    <message>
        <source>per-sample means after %1, stds %2</source>
        <translation>归一化后各样本均值 %1，标准差 %2</translation>
    </message>
    <message>
        <source>per-channel means after %1, stds %2</source>
        <translation>归一化后各通道均值 %1，标准差 %2</translation>
    </message>
    <message>
        <source>N, H, W</source>
        <translation>N、H、W</translation>
    </message>
    <message>
        <source>H, W</source>
        <translation>H、W</translation>
    </message>
    <message>
        <source>C/G, H, W</source>
        <translation>C/G、H、W</translation>
    </message>
    <message>
        <source>W</source>
        <translation>W</translation>
    </message>
    <message>
        <source>C, H, W</source>
        <translation>C、H、W</translation>
    </message>
    <message>
        <source>N, C, H, W</source>
        <translation>N、C、H、W</translation>
    </message>
    <message>
        <source>LayerNorm</source>
        <translation>层归一化 (LN)</translation>
    </message>
    <message>
        <source>GroupNorm</source>
        <translation>组归一化 (GN)</translation>
    </message>
    <message>
        <source>Not guaranteed</source>
        <translation>不保证的性质</translation>
    </message>
    <message>
        <source>Also standardised</source>
        <translation>同样被标准化</translation>
    </message>
    <message>
        <source>every sample and every channel (before γ and β): each is made of whole sets.</source>
        <translation>每个样本和每个通道（在 γ 和 β 之前）：它们都由完整的集合组成。</translation>
    </message>
    <message>
        <source>In eval mode BatchNorm normalizes each channel with its running mean and variance, the same for every batch: a channel comes out standardised only as far as they match this batch.</source>
        <translation>评估模式下，批归一化用每个通道的运行均值和方差来归一化，对每个批次都相同：只有当它们与这个批次吻合时，通道的输出才是标准化的。</translation>
    </message>
    <message>
        <source>In eval mode InstanceNorm with track_running_stats normalizes every channel of every sample with the channel&apos;s running mean and variance, not the sample&apos;s own.</source>
        <translation>评估模式下，开启 track_running_stats 的实例归一化用通道的运行均值和方差来归一化每个样本的每个通道，而不是用该样本自己的统计量。</translation>
    </message>
    <message>
        <source>normalized with the running statistics (num_batches_tracked = %1), so the output is not standardised unless they match this tensor.</source>
        <translation>使用运行统计量归一化（num_batches_tracked = %1），因此除非它们与该张量匹配，输出并不是标准化的。</translation>
    </message>
    <message>
        <source>%1 set(s) have zero variance: with eps = 0 their output is NaN or infinite, as in PyTorch.</source>
        <translation>%1 个集合的方差为零：eps = 0 时其输出为 NaN 或无穷大，与 PyTorch 一致。</translation>
    </message>
    <message>
        <source>%1 set(s) have zero variance: with eps = 0 PyTorch&apos;s batch_norm kernel outputs β for them.</source>
        <translation>%1 个集合的方差为零：eps = 0 时 PyTorch 的 batch_norm 内核对它们输出 β。</translation>
    </message>
    <message>
        <source>%1 set(s) have zero variance: eps = %2 keeps their output at β.</source>
        <translation>%1 个集合的方差为零：eps = %2 使它们的输出保持为 β。</translation>
    </message>
    <message>
        <source>eps = %1 is not small against the variance of %2 set(s): their std before γ and β is √(var / (var + eps)), down to %3, not 1.</source>
        <translation>eps = %1 相对于 %2 个集合的方差并不小：它们在 γ 和 β 之前的标准差为 √(var / (var + eps))，最低为 %3，而不是 1。</translation>
    </message>
    <message>
        <source>RMSNorm over (C), per token</source>
        <translation>均方根归一化 (RMSNorm)，作用于 (C)，逐词元</translation>
    </message>
    <message>
        <source>LayerNorm over (C), per token</source>
        <translation>层归一化 (LN)，作用于 (C)，逐词元</translation>
    </message>
    <message>
        <source>RMSNorm over (T, C)</source>
        <translation>均方根归一化 (RMSNorm)，作用于 (T, C)</translation>
    </message>
    <message>
        <source>LayerNorm over (T, C)</source>
        <translation>层归一化 (LN)，作用于 (T, C)</translation>
    </message>
    <message>
        <source>RMSNorm over (B, T, C)</source>
        <translation>均方根归一化 (RMSNorm)，作用于 (B, T, C)</translation>
    </message>
    <message>
        <source>LayerNorm over (B, T, C)</source>
        <translation>层归一化 (LN)，作用于 (B, T, C)</translation>
    </message>
    <message>
        <source>RMSNorm over (C) divides every token by the root mean square of its features, as LLaMA-style transformers do; the mean is not removed.</source>
        <translation>作用于 (C) 的均方根归一化把每个词元除以其各特征的均方根，与 LLaMA 类 Transformer 的做法相同；均值不被减去。</translation>
    </message>
    <message>
        <source>LayerNorm over (C) standardises every token over its features, as transformers do: one feature across the tokens is not standardised.</source>
        <translation>作用于 (C) 的层归一化在特征上标准化每个词元，与 Transformer 的做法相同：跨词元的单个特征不被标准化。</translation>
    </message>
    <message>
        <source>RMSNorm over (T, C) divides each sequence by one root mean square over all its tokens; the mean is not removed.</source>
        <translation>作用于 (T, C) 的均方根归一化把每个序列除以其全部词元上的一个均方根；均值不被减去。</translation>
    </message>
    <message>
        <source>LayerNorm over (T, C) standardises each sequence over all its tokens and features: single tokens are not standardised.</source>
        <translation>作用于 (T, C) 的层归一化在全部词元和特征上标准化每个序列：单个词元不被标准化。</translation>
    </message>
    <message>
        <source>RMSNorm over (B, T, C) divides the whole batch by one root mean square; the mean is not removed.</source>
        <translation>作用于 (B, T, C) 的均方根归一化把整个批次除以一个均方根；均值不被减去。</translation>
    </message>
    <message>
        <source>LayerNorm over (B, T, C) standardises the whole batch as one set: no sequence or token on its own.</source>
        <translation>作用于 (B, T, C) 的层归一化把整个批次作为一个集合标准化：单个序列或词元不被单独标准化。</translation>
    </message>
    <message>
        <source>BatchNorm1d, given x.transpose(1, 2), standardises each feature over every token of the batch (B, T): one token alone keeps its own mean and std.</source>
        <translation>BatchNorm1d 接收 x.transpose(1, 2)，在整个批次的所有词元 (B, T) 上标准化每个特征：单个词元仍保留自己的均值和标准差。</translation>
    </message>
    <message>
        <source>InstanceNorm1d, given x.transpose(1, 2), standardises each feature of each sequence over its tokens (T).</source>
        <translation>InstanceNorm1d 接收 x.transpose(1, 2)，在每个序列的词元 (T) 上标准化该序列的每个特征。</translation>
    </message>
    <message>
        <source>GroupNorm, given x.transpose(1, 2), standardises each group of features of each sequence over its tokens: single features are not standardised.</source>
        <translation>GroupNorm 接收 x.transpose(1, 2)，在每个序列的词元上标准化该序列的每组特征：单个特征不被标准化。</translation>
    </message>
    <message>
        <source>RMSNorm over (W)</source>
        <translation>均方根归一化 (RMSNorm)，作用于 (W)</translation>
    </message>
    <message>
        <source>RMSNorm over (H, W)</source>
        <translation>均方根归一化 (RMSNorm)，作用于 (H, W)</translation>
    </message>
    <message>
        <source>RMSNorm over (C, H, W)</source>
        <translation>均方根归一化 (RMSNorm)，作用于 (C, H, W)</translation>
    </message>
    <message>
        <source>RMSNorm over the whole tensor</source>
        <translation>均方根归一化 (RMSNorm)，作用于整个张量</translation>
    </message>
    <message>
        <source>RMSNorm over (W) divides every row of every channel by its root mean square: the mean is not removed, and γ has one value per position along W.</source>
        <translation>作用于 (W) 的均方根归一化把每个通道的每一行除以其均方根：均值不被减去，γ 沿 W 每个位置各有一个值。</translation>
    </message>
    <message>
        <source>RMSNorm over (H, W) divides every channel of every sample by its root mean square; unlike InstanceNorm it does not remove the mean.</source>
        <translation>作用于 (H, W) 的均方根归一化把每个样本的每个通道除以其均方根；与实例归一化不同，它不减去均值。</translation>
    </message>
    <message>
        <source>RMSNorm divides each sample by its root mean square over (C, H, W): the mean is not removed, only scaled with everything else.</source>
        <translation>均方根归一化把每个样本除以其在 (C, H, W) 上的均方根：均值不被减去，只是和其余数值一起缩放。</translation>
    </message>
    <message>
        <source>RMSNorm over the whole tensor divides it by one root mean square: the mean is not removed.</source>
        <translation>作用于整个张量的均方根归一化把它除以一个均方根：均值不被减去。</translation>
    </message>
    <message>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <source>T, C</source>
        <translation>T、C</translation>
    </message>
    <message>
        <source>B, T, C</source>
        <translation>B、T、C</translation>
    </message>
    <message>
        <source>RMSNorm</source>
        <translation>均方根归一化 (RMSNorm)</translation>
    </message>
    <message>
        <source>per-set means after %1: RMSNorm does not remove them</source>
        <translation>归一化后各集合的均值 %1：均方根归一化不减去它们</translation>
    </message>
    <message>
        <source>%1 set(s) are all zeros: with eps = 0 their mean square is 0 and their output NaN, as in PyTorch.</source>
        <translation>%1 个集合全为零：eps = 0 时它们的均方为 0，输出为 NaN，与 PyTorch 相同。</translation>
    </message>
    <message>
        <source>eps = %1 is not small against the mean square of %2 set(s): their root mean square before γ is √(mean(x²) / (mean(x²) + eps)), down to %3, not 1.</source>
        <translation>eps = %1 相对于 %2 个集合的均方并不小：它们在 γ 之前的均方根为 √(mean(x²) / (mean(x²) + eps))，最低为 %3，而不是 1。</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>The session needs %1, which cannot be read: %2</source>
        <translation>会话需要 %1，但无法读取它：%2</translation>
    </message>
    <message>
        <source>%1 has changed since the session was saved (%2 bytes then, %3 now%4): the session would show other numbers, so it was not opened.</source>
        <translation>%1 在保存会话之后已被修改（当时 %2 字节，现在 %3 字节%4）：会话会显示不同的数值，因此没有打开。</translation>
    </message>
    <message>
        <source>, other content</source>
        <translation>，内容不同</translation>
    </message>
</context>
<context>
    <name>TensorFiles</name>
    <message>
        <source>Cannot read the image %1: %2</source>
        <translation>无法读取图像 %1：%2</translation>
    </message>
    <message>
        <source>No file to open.</source>
        <translation>没有要打开的文件。</translation>
    </message>
    <message>
        <source>0–1</source>
        <translation>0–1</translation>
    </message>
    <message>
        <source>0–255</source>
        <translation>0–255</translation>
    </message>
    <message>
        <source>%1 is too large to load into memory.</source>
        <translation>%1 太大，无法载入内存。</translation>
    </message>
    <message>
        <source>The images differ in size (%1 is %2×%3, %4 is %5×%6): a batch needs one size.</source>
        <translation>图像尺寸不同（%1 为 %2×%3，%4 为 %5×%6）：一个批次中的图像尺寸必须相同。</translation>
    </message>
    <message>
        <source>%1 images</source>
        <translation>%1 张图像</translation>
    </message>
    <message>
        <source>RGB</source>
        <translation>RGB 彩色</translation>
    </message>
    <message>
        <source>grayscale</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>%1 is %2 but %3 is %4: files fed in turn into one layer need the same number of dimensions and channels.</source>
        <translation>%1 的形状为 %2，而 %3 为 %4：依次送入同一层的文件必须有相同的维数和通道数。</translation>
    </message>
    <message>
        <source>%1 is not an image: open several images (one batch) or several .npy files (batches fed in turn), not both.</source>
        <translation>%1 不是图像：请打开多张图像（组成一个批次）或多个 .npy 文件（依次作为批次送入），不能混合打开。</translation>
    </message>
    <message>
        <source>%1 and %2 more</source>
        <translation>%1 及另外 %2 个</translation>
    </message>
    <message>
        <source>Tensors and images (*.npy *.npz *.safetensors *.png *.jpg *.jpeg *.bmp);;NumPy arrays (*.npy *.npz);;safetensors (*.safetensors);;Images (*.png *.jpg *.jpeg *.bmp)</source>
        <translation>张量和图像 (*.npy *.npz *.safetensors *.png *.jpg *.jpeg *.bmp);;NumPy 数组 (*.npy *.npz);;safetensors (*.safetensors);;图像 (*.png *.jpg *.jpeg *.bmp)</translation>
    </message>
    <message>
        <source>The image %1 is too large (%2 MiB) to open.</source>
        <translation>图像 %1 太大（%2 MiB），无法打开。</translation>
    </message>
</context>
<context>
    <name>WorkedExampleText</name>
    <message>
        <source>Worked example, clicked value %1</source>
        <translation>计算示例：点击的值 %1</translation>
    </message>
    <message>
        <source>Worked example, value under the pointer %1</source>
        <translation>计算示例：指针下的值 %1</translation>
    </message>
    <message>
        <source>(eval: μ and σ² are running_mean[%1] and running_var[%1] after %2 batches)</source>
        <translation>（评估模式：μ 和 σ² 是 %2 个批次之后的 running_mean[%1] 和 running_var[%1]）</translation>
    </message>
    <message>
        <source>(μ and σ² of its set %1, %2 values; σ² divides by %2)</source>
        <translation>（所在集合 %1 的 μ 和 σ²，共 %2 个值；σ² 除以 %2）</translation>
    </message>
    <message>
        <source>(no affine)</source>
        <translation>（无仿射变换）</translation>
    </message>
    <message>
        <source>(float32 output %1)</source>
        <translation>（float32 输出 %1）</translation>
    </message>
    <message>
        <source>(mean(x²) of its set %1, %2 values; RMSNorm subtracts no mean and adds no β)</source>
        <translation>（所在集合 %1 的 mean(x²)，共 %2 个值；RMSNorm 不减均值，也不加 β）</translation>
    </message>
</context>
<context>
    <name>normscope::ArrayChooser</name>
    <message>
        <source>NormScope shows tensors of 2 to 4 dimensions: (N, C), (N, C, L) and (N, C, H, W)</source>
        <translation>NormScope 显示 2 到 4 维的张量：(N, C)、(N, C, L) 和 (N, C, H, W)</translation>
    </message>
    <message>
        <source>no elements</source>
        <translation>没有元素</translation>
    </message>
    <message>
        <source>Choose an array — %1</source>
        <translation>选择数组 — %1</translation>
    </message>
    <message>
        <source>%1 holds %2 arrays. Choose the one to explore:</source>
        <translation>%1 包含 %2 个数组。请选择要查看的一个：</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>normscope::BatchSizeView</name>
    <message>
        <source>Fixed sample</source>
        <translation>固定样本</translation>
    </message>
    <message>
        <source>The sample of the batch on screen whose output is followed; its batch mates are drawn at random from the population.</source>
        <translation>跟踪其输出的样本（取自屏幕上的批次）；它的批次同伴从总体中随机抽取。</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Draws</source>
        <translation>抽取次数</translation>
    </message>
    <message>
        <source>How many times the batch mates are drawn for each batch size.</source>
        <translation>对每个批次大小抽取批次同伴的次数。</translation>
    </message>
    <message>
        <source>Batch sizes up to</source>
        <translation>批次大小最大到</translation>
    </message>
    <message>
        <source>Batch sizes 1, 2, 4, … up to this one.</source>
        <translation>批次大小 1、2、4……直到这个值。</translation>
    </message>
    <message>
        <source>Stop drawing; the draws made so far are shown.</source>
        <translation>停止抽取；显示已完成的抽取。</translation>
    </message>
    <message>
        <source>Drawing batch mates…</source>
        <translation>正在抽取批次同伴…</translation>
    </message>
    <message>
        <source>Nothing to show: see the message below.</source>
        <translation>没有可显示的内容：请看下面的说明。</translation>
    </message>
</context>
<context>
    <name>normscope::CodePanel</name>
    <message>
        <source>PyTorch code that builds this layer with the same arguments.</source>
        <translation>用相同参数构建该层的 PyTorch 代码。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the code to the clipboard.</source>
        <translation>把代码复制到剪贴板。</translation>
    </message>
    <message>
        <source>&lt;b&gt;PyTorch&lt;/b&gt;</source>
        <translation>&lt;b&gt;PyTorch 代码&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>normscope::CompareCanvas</name>
    <message>
        <source>Drag to turn the four cubes together, wheel to zoom, double-click to reset; click a cell to outline the sets holding it in every cube.</source>
        <translation>拖动可同时旋转四个立方体，滚轮缩放，双击复位；点击一个单元格，在每个立方体中勾出包含它的集合。</translation>
    </message>
    <message>
        <source>Computing the four norms…</source>
        <translation>正在计算四种归一化…</translation>
    </message>
    <message>
        <source>Cannot compute: %1</source>
        <translation>无法计算：%1</translation>
    </message>
    <message>
        <source>%1: n=%2, c=%3, h·w=%4: value %5 → %6 · set %7</source>
        <translation>%1：n=%2, c=%3, h·w=%4：值 %5 → %6 · 集合 %7</translation>
    </message>
</context>
<context>
    <name>normscope::CompareController</name>
    <message>
        <source>Not enough memory to compare the four norms on this tensor.</source>
        <translation>内存不足，无法在此张量上比较四种归一化。</translation>
    </message>
</context>
<context>
    <name>normscope::CompareView</name>
    <message>
        <source>GroupNorm&apos;s G</source>
        <translation>组归一化的 G</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>eps, γ and β are shared with the layer panel.</source>
        <translation>eps、γ 和 β 与层面板共享。</translation>
    </message>
    <message>
        <source>Save this comparison as a 16:9 figure (PNG, SVG or PDF).</source>
        <translation>将此比较保存为 16:9 图（PNG、SVG 或 PDF）。</translation>
    </message>
</context>
<context>
    <name>normscope::Controller</name>
    <message>
        <source>Not enough memory for this tensor.</source>
        <translation>内存不足，无法处理这个张量。</translation>
    </message>
</context>
<context>
    <name>normscope::CubeView</name>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>n=%1, c=%2, h·w=%3</source>
        <translation>n=%1，c=%2，h·w=%3</translation>
    </message>
    <message>
        <source>: value %1 → %2</source>
        <translation>：值 %1 → %2</translation>
    </message>
    <message>
        <source>: first value %1 → %2</source>
        <translation>：首个值 %1 → %2</translation>
    </message>
    <message>
        <source> · set %1</source>
        <translation> · 集合 %1</translation>
    </message>
    <message>
        <source>n=%1, c=%2, h=%3, w=%4</source>
        <translation>n=%1，c=%2，h=%3，w=%4</translation>
    </message>
    <message>
        <source>n=%1, c=%2, l=%3</source>
        <translation>n=%1，c=%2，l=%3</translation>
    </message>
    <message>
        <source>n=%1, c=%2</source>
        <translation>n=%1，c=%2</translation>
    </message>
    <message>
        <source>Drag to rotate, wheel to zoom, double-click to reset; click a cell to study its set and mark its value in the histograms.</source>
        <translation>拖动旋转，滚轮缩放，双击复位；单击一个格子查看它所在的集合，并在直方图中标出它的值。</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>正在计算…</translation>
    </message>
</context>
<context>
    <name>normscope::DivisorSlider</name>
    <message>
        <source>G = %1 of %2</source>
        <translation>G = %1（C = %2）</translation>
    </message>
    <message>
        <source>GroupNorm&apos;s num_groups G, through the divisors of C = %1: G = 1 is LayerNorm&apos;s one set per sample, G = %1 InstanceNorm&apos;s set per channel.</source>
        <translation>组归一化的 num_groups G，取 C = %1 的约数：G = 1 即层归一化（每个样本一个集合），G = %1 即实例归一化（每个通道一个集合）。</translation>
    </message>
</context>
<context>
    <name>normscope::EpsEdit</name>
    <message>
        <source>Logarithmic: from 1e-8 (left) to 1 (right).</source>
        <translation>对数刻度：从 1e-8（左）到 1（右）。</translation>
    </message>
    <message>
        <source>Exact eps; any finite number ≥ 0, including 0.</source>
        <translation>精确的 eps：任意 ≥ 0 的有限数，包括 0。</translation>
    </message>
    <message>
        <source>eps must be a finite number ≥ 0; keeping %1.</source>
        <translation>eps 必须是 ≥ 0 的有限数；保持 %1。</translation>
    </message>
</context>
<context>
    <name>normscope::ExplorerState</name>
    <message>
        <source>%1, seed %2</source>
        <translation>%1，种子 %2</translation>
    </message>
    <message>
        <source>normal</source>
        <translation>正态</translation>
    </message>
    <message>
        <source>uniform</source>
        <translation>均匀</translation>
    </message>
    <message>
        <source>channel-shift</source>
        <translation>逐通道平移</translation>
    </message>
    <message>
        <source>sample-shift</source>
        <translation>逐样本平移</translation>
    </message>
    <message>
        <source>heavy-tailed</source>
        <translation>重尾</translation>
    </message>
    <message>
        <source>bimodal</source>
        <translation>双峰</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>常数</translation>
    </message>
</context>
<context>
    <name>normscope::ExplorerTabs</name>
    <message>
        <source>Explorer</source>
        <translation>探索视图</translation>
    </message>
    <message>
        <source>BN · LN · IN · GN side by side</source>
        <translation>BN · LN · IN · GN 并排对比</translation>
    </message>
    <message>
        <source>The four norms on this tensor, next to each other: their sets for one element, their outputs, and GroupNorm&apos;s distance to LayerNorm and InstanceNorm (Ctrl+K; C when presenting).</source>
        <translation>此张量上的四种归一化并排显示：包含同一元素的集合、各自的输出，以及组归一化与层归一化和实例归一化的差距（Ctrl+K；演示时按 C）。</translation>
    </message>
    <message>
        <source>Export the four norms compared</source>
        <translation>导出四种归一化的比较</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg);;PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>normscope::ExportActions</name>
    <message>
        <source>&amp;Slide (16:9)…</source>
        <translation>幻灯片 (16:9)(&amp;S)…</translation>
    </message>
    <message>
        <source>Cube, histograms, statistics and PyTorch code on one 16:9 page, as PNG, SVG or PDF.</source>
        <translation>把立方体、直方图、统计量和 PyTorch 代码放在一页 16:9 上，导出为 PNG、SVG 或 PDF。</translation>
    </message>
    <message>
        <source>&amp;Cube…</source>
        <translation>立方体(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Histograms…</source>
        <translation>直方图(&amp;H)…</translation>
    </message>
    <message>
        <source>Histogram &amp;bins (CSV)…</source>
        <translation>直方图分箱 (CSV)(&amp;B)…</translation>
    </message>
    <message>
        <source>Export histogram bins</source>
        <translation>导出直方图分箱</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Per-set &amp;statistics (CSV)…</source>
        <translation>各集合统计量 (CSV)(&amp;S)…</translation>
    </message>
    <message>
        <source>Export per-set statistics</source>
        <translation>导出各集合统计量</translation>
    </message>
    <message>
        <source>Normalized &amp;tensor (.npy)…</source>
        <translation>归一化后的张量 (.npy)(&amp;T)…</translation>
    </message>
    <message>
        <source>Export normalized tensor</source>
        <translation>导出归一化后的张量</translation>
    </message>
    <message>
        <source>NumPy arrays (*.npy)</source>
        <translation>NumPy 数组 (*.npy)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Export figure</source>
        <translation>导出图片</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg);;PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Copied the slide (1920 × 1080) to the clipboard</source>
        <translation>已把幻灯片 (1920 × 1080) 复制到剪贴板</translation>
    </message>
    <message>
        <source>&amp;Input tensor (.npy)…</source>
        <translation>输入张量 (.npy)(&amp;I)…</translation>
    </message>
    <message>
        <source>Export input tensor</source>
        <translation>导出输入张量</translation>
    </message>
    <message>
        <source>&amp;Images, before and after (16:9)…</source>
        <translation>图像，归一化前后 (16:9)(&amp;I)…</translation>
    </message>
    <message>
        <source>Every image of the batch before and after the norm, with how values became pixels, as PNG, SVG or PDF.</source>
        <translation>批次中每幅图像归一化前后的样子，并说明数值如何变成像素，存为 PNG、SVG 或 PDF。</translation>
    </message>
    <message>
        <source>&amp;Running statistics lab (16:9)…</source>
        <translation>运行统计量实验 (16:9)(&amp;R)…</translation>
    </message>
    <message>
        <source>Batch-si&amp;ze lab (16:9)…</source>
        <translation>批次大小实验 (16:9)(&amp;Z)…</translation>
    </message>
    <message>
        <source>Running statistics &amp;numbers (CSV)…</source>
        <translation>运行统计量数值 (CSV)(&amp;N)…</translation>
    </message>
    <message>
        <source>Batch-size n&amp;umbers (CSV)…</source>
        <translation>批次大小数值 (CSV)(&amp;U)…</translation>
    </message>
    <message>
        <source>Nothing is computed for the explorer&apos;s setting.</source>
        <translation>探索视图的当前设置还没有计算结果。</translation>
    </message>
    <message>
        <source>Export the running statistics</source>
        <translation>导出运行统计量</translation>
    </message>
    <message>
        <source>Export the batch-size numbers</source>
        <translation>导出批次大小数值</translation>
    </message>
</context>
<context>
    <name>normscope::ExportDialog</name>
    <message>
        <source>Export figure</source>
        <translation>导出图片</translation>
    </message>
    <message>
        <source>Cube</source>
        <translation>立方体</translation>
    </message>
    <message>
        <source>Histograms</source>
        <translation>直方图</translation>
    </message>
    <message>
        <source>Slide (16:9: cube, histograms, statistics, code)</source>
        <translation>幻灯片（16:9：立方体、直方图、统计量、代码）</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Sets the physical size of SVG and PDF pages and the PNG&apos;s resolution tag.</source>
        <translation>决定 SVG 和 PDF 页面的物理尺寸，以及 PNG 的分辨率标记。</translation>
    </message>
    <message>
        <source>Light (white slides, print)</source>
        <translation>浅色（白色幻灯片、打印）</translation>
    </message>
    <message>
        <source>Dark (dark projectors)</source>
        <translation>深色（暗色投影）</translation>
    </message>
    <message>
        <source>Presets…</source>
        <translation>预设…</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>DPI</source>
        <translation>DPI</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Images (16:9: each image before and after)</source>
        <translation>图像（16:9：每幅图像归一化前后）</translation>
    </message>
    <message>
        <source>Running statistics lab (16:9: its four plots)</source>
        <translation>运行统计量实验（16:9：四幅图）</translation>
    </message>
    <message>
        <source>Batch-size lab (16:9: its two plots)</source>
        <translation>批次大小实验（16:9：两幅图）</translation>
    </message>
</context>
<context>
    <name>normscope::HistogramPanel</name>
    <message>
        <source>Overlay</source>
        <translation>叠加</translation>
    </message>
    <message>
        <source>Log y</source>
        <translation>对数 y 轴</translation>
    </message>
    <message>
        <source>Draw the input and output histograms on one plot.</source>
        <translation>在同一张图中绘制输入和输出的直方图。</translation>
    </message>
    <message>
        <source>Logarithmic density axis: shows the tails and outliers.</source>
        <translation>对数密度轴：显示尾部和离群值。</translation>
    </message>
    <message>
        <source>Bins </source>
        <translation>分箱 </translation>
    </message>
    <message>
        <source>Number of histogram bins over the range of the values.</source>
        <translation>在数值范围内划分的直方图分箱数。</translation>
    </message>
    <message>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>density (log)</source>
        <translation>密度（对数）</translation>
    </message>
    <message>
        <source>density</source>
        <translation>密度</translation>
    </message>
    <message>
        <source>Before: input</source>
        <translation>归一化前：输入</translation>
    </message>
    <message>
        <source>Before and after</source>
        <translation>归一化前后</translation>
    </message>
    <message>
        <source>After: output</source>
        <translation>归一化后：输出</translation>
    </message>
    <message>
        <source>set %1</source>
        <translation>集合 %1</translation>
    </message>
    <message>
        <source>input, whole tensor</source>
        <translation>输入，整个张量</translation>
    </message>
    <message>
        <source>whole tensor</source>
        <translation>整个张量</translation>
    </message>
    <message>
        <source>input, %1</source>
        <translation>输入，%1</translation>
    </message>
    <message>
        <source>output, whole tensor</source>
        <translation>输出，整个张量</translation>
    </message>
    <message>
        <source>output, %1</source>
        <translation>输出，%1</translation>
    </message>
    <message>
        <source>N(0, 1)</source>
        <translation>N(0, 1)</translation>
    </message>
    <message>
        <source>N(μ=β=%1, σ=|γ|=%2)</source>
        <translation>N(μ=β=%1, σ=|γ|=%2)</translation>
    </message>
    <message>
        <source>γ, β differ per channel:
no single normal curve</source>
        <translation>γ、β 逐通道不同：
没有统一的正态曲线</translation>
    </message>
    <message>
        <source>Point at a bar to light its values on the cube; click to keep them lit.</source>
        <translation>指向一根柱子即可在立方体上点亮其中的值；点击可保持点亮。</translation>
    </message>
    <message>
        <source>%1 more</source>
        <translation>另外 %1 个</translation>
    </message>
    <message>
        <source>brushed values</source>
        <translation>选中的值</translation>
    </message>
    <message>
        <source>%1 value(s) in [%2, %3) %4</source>
        <translation>%4落在 [%2, %3) 内的值有 %1 个</translation>
    </message>
    <message>
        <source>after the norm</source>
        <translation>归一化之后</translation>
    </message>
    <message>
        <source>before the norm</source>
        <translation>归一化之前</translation>
    </message>
    <message>
        <source>samples %1; channels %2</source>
        <translation>样本 %1；通道 %2</translation>
    </message>
    <message>
        <source>RMSNorm keeps means:
no single normal curve</source>
        <translation>均方根归一化保留均值：
没有统一的正态曲线</translation>
    </message>
    <message>
        <source>γ, β differ per element:
no single normal curve</source>
        <translation>γ、β 逐元素不同：
没有统一的正态曲线</translation>
    </message>
</context>
<context>
    <name>normscope::ImageView</name>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>n=%1, c=%2, (h, w)=(%3, %4): value %5 → %6</source>
        <translation>n=%1, c=%2, (h, w)=(%3, %4)：值 %5 → %6</translation>
    </message>
    <message>
        <source>n=%1, (h, w)=(%2, %3): values (%4) → (%5)</source>
        <translation>n=%1, (h, w)=(%2, %3)：值 (%4) → (%5)</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>正在计算…</translation>
    </message>
</context>
<context>
    <name>normscope::LabView</name>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save these plots as a 16:9 slide (PNG, SVG or PDF), or their numbers as CSV.</source>
        <translation>把这些图保存为 16:9 幻灯片（PNG、SVG 或 PDF），或把其中的数值保存为 CSV。</translation>
    </message>
    <message>
        <source>Slide (16:9: PNG, SVG or PDF)…</source>
        <translation>幻灯片（16:9：PNG、SVG 或 PDF）…</translation>
    </message>
    <message>
        <source>Numbers (CSV)…</source>
        <translation>数值 (CSV)…</translation>
    </message>
</context>
<context>
    <name>normscope::LabWorker</name>
    <message>
        <source>Not enough memory for this lab.</source>
        <translation>内存不足，无法运行此实验。</translation>
    </message>
</context>
<context>
    <name>normscope::LayoutQuestion</name>
    <message>
        <source>Layout of %1</source>
        <translation>%1 的布局</translation>
    </message>
    <message>
        <source>%1 holds a %2-D array of shape (%3). How are its dimensions ordered?</source>
        <translation>%1 中是一个形状为 (%3) 的 %2 维数组。它的各维按什么顺序排列？</translation>
    </message>
    <message>
        <source>channels last (images, TensorFlow): normalized as after x.permute(0, 3, 1, 2)</source>
        <translation>通道在后（图像、TensorFlow）：按 x.permute(0, 3, 1, 2) 之后的张量归一化</translation>
    </message>
    <message>
        <source>batch, tokens, features (transformers): LayerNorm and RMSNorm per token over C</source>
        <translation>批次、词元、特征（Transformer）：层归一化和均方根归一化在 C 上逐词元进行</translation>
    </message>
    <message>
        <source>NormScope remembers the answer for this file; Tensor → Layout changes it.</source>
        <translation>NormScope 会为这个文件记住你的选择；可在“张量 → 布局”中更改。</translation>
    </message>
</context>
<context>
    <name>normscope::LoadIndicator</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop loading and keep the current tensor.</source>
        <translation>停止加载，保留当前张量。</translation>
    </message>
    <message>
        <source>%1 files</source>
        <translation>%1 个文件</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>Loading %1… %2%</source>
        <translation>正在加载 %1… %2%</translation>
    </message>
</context>
<context>
    <name>normscope::MainWindow</name>
    <message>
        <source>NormScope</source>
        <translation>NormScope</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>计算中…</translation>
    </message>
    <message>
        <source>Cannot compute: %1</source>
        <translation>无法计算：%1</translation>
    </message>
    <message>
        <source>Sweep: %1 sets per second</source>
        <translation>扫描：每秒 %1 个集合</translation>
    </message>
    <message>
        <source>Tensor and layer</source>
        <translation>张量与归一化层</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open tensor or images</source>
        <translation>打开张量或图像</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Image &amp;values</source>
        <translation>图像取值(&amp;V)</translation>
    </message>
    <message>
        <source>0 to 1</source>
        <translation>0 到 1</translation>
    </message>
    <message>
        <source>0 to 255</source>
        <translation>0 到 255</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Copy figure</source>
        <translation>复制图片(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the slide figure (cube, histograms, statistics, code) as an image.</source>
        <translation>把幻灯片图片（立方体、直方图、统计量、代码）作为图像复制。</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About NormScope</source>
        <translation>关于 NormScope(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;All sets</source>
        <translation>全部集合(&amp;A)</translation>
    </message>
    <message>
        <source>Colour every reduction set of the norm distinctly in the cube.</source>
        <translation>在立方体中用不同颜色显示该归一化的每个归约集合。</translation>
    </message>
    <message>
        <source>&amp;Reset cube view</source>
        <translation>重置立方体视角(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Overlay histograms</source>
        <translation>叠加直方图(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Logarithmic counts</source>
        <translation>对数计数(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Presentation mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>Full screen with large text; arrow keys step the norm and the set, Space sweeps.</source>
        <translation>全屏大字显示；方向键切换归一化和集合，空格键自动扫描。</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Light (white slides, print)</source>
        <translation>浅色（白色幻灯片、打印）(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark (dark projectors)</source>
        <translation>深色（暗色投影）(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Cannot open</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>About NormScope</source>
        <translation>关于 NormScope</translation>
    </message>
    <message>
        <source>Step not taken: %1</source>
        <translation>未能前进一步：%1</translation>
    </message>
    <message>
        <source>Cannot compute this setting</source>
        <translation>无法计算此设置</translation>
    </message>
    <message>
        <source>%1 holds several arrays: open it on its own to choose one.</source>
        <translation>%1 包含多个数组：请单独打开它，以便从中选择一个。</translation>
    </message>
    <message>
        <source>Loading cancelled: the tensor on screen is unchanged.</source>
        <translation>已取消加载：屏幕上的张量保持不变。</translation>
    </message>
    <message>
        <source>Open a tensor (.npy, or one array of an .npz or .safetensors file), or one or more images (several images of one size form a batch).</source>
        <translation>打开一个张量（.npy，或 .npz、.safetensors 文件中的一个数组），或一张或多张图像（尺寸相同的多张图像组成一个批次）。</translation>
    </message>
    <message>
        <source>Presentation: → feed one batch · Space play/pause · Ctrl+Tab next tab · Esc leave</source>
        <translation>演示：→ 送入一个批次 · 空格 播放/暂停 · Ctrl+Tab 下一个标签页 · Esc 退出</translation>
    </message>
    <message>
        <source>Running statistics</source>
        <translation>运行统计量</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批次大小</translation>
    </message>
    <message>
        <source>Presentation: ←/→ norm · ↑/↓ set · Space sweep · +/− speed · C compare · G/Shift+G groups · P panel · Esc leave</source>
        <translation>演示模式：←/→ 切换归一化 · ↑/↓ 切换集合 · 空格 扫描 · +/− 速度 · C 对比 · G/Shift+G 分组数 · P 面板 · Esc 退出</translation>
    </message>
    <message>
        <source>GroupNorm: G = %1</source>
        <translation>组归一化：G = %1</translation>
    </message>
    <message>
        <source>&amp;Values on the cube</source>
        <translation>立方体上的数值(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Compare the four norms</source>
        <translation>比较四种归一化(&amp;C)</translation>
    </message>
    <message>
        <source>Opened %1 as %2, as last time (Tensor → Layout changes it)</source>
        <translation>已按上次的布局 %2 打开 %1（可在“张量 → 布局”中更改）</translation>
    </message>
    <message>
        <source>&lt;h3&gt;NormScope %1&lt;/h3&gt;&lt;p&gt;See what BatchNorm, LayerNorm, InstanceNorm, GroupNorm and RMSNorm do: which values each norm averages over, and the values before and after. The numbers follow PyTorch&apos;s torch.nn layers.&lt;/p&gt;&lt;p&gt;Built with Qt %2 (running on %3), QCustomPlot %4 and Eigen %5.%6.%7.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;NormScope %1&lt;/h3&gt;&lt;p&gt;直观展示批归一化、层归一化、实例归一化、组归一化和均方根归一化的作用：每种归一化在哪些值上求平均，以及归一化前后的数值。所有数值与 PyTorch 的 torch.nn 层一致。&lt;/p&gt;&lt;p&gt;基于 Qt %2（运行于 %3）、QCustomPlot %4 和 Eigen %5.%6.%7 构建。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>normscope::ParameterPanel</name>
    <message>
        <source>Normalization layer</source>
        <translation>归一化层</translation>
    </message>
    <message>
        <source>BatchNorm: each channel is normalized over the batch and all positions (N, H, W).</source>
        <translation>批归一化：每个通道在整个批次和所有位置 (N, H, W) 上归一化。</translation>
    </message>
    <message>
        <source>LayerNorm: each sample is normalized over its normalized_shape (by default C, H, W).</source>
        <translation>层归一化：每个样本在其 normalized_shape（默认 C, H, W）上归一化。</translation>
    </message>
    <message>
        <source>InstanceNorm: each channel of each sample is normalized over its positions (H, W).</source>
        <translation>实例归一化：每个样本的每个通道在其位置 (H, W) 上归一化。</translation>
    </message>
    <message>
        <source>GroupNorm: each group of channels of each sample is normalized over (C/G, H, W).</source>
        <translation>组归一化：每个样本的每组通道在 (C/G, H, W) 上归一化。</translation>
    </message>
    <message>
        <source>BN</source>
        <translation>BN</translation>
    </message>
    <message>
        <source>LN</source>
        <translation>LN</translation>
    </message>
    <message>
        <source>IN</source>
        <translation>IN</translation>
    </message>
    <message>
        <source>GN</source>
        <translation>GN</translation>
    </message>
    <message>
        <source>Norm</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>eps is added to the variance before the square root, so a constant set does not divide by zero.</source>
        <translation>eps 在开平方前加到方差上，使常数集合不会除以零。</translation>
    </message>
    <message>
        <source>eps</source>
        <translation>eps</translation>
    </message>
    <message>
        <source>normalized_shape</source>
        <translation>normalized_shape</translation>
    </message>
    <message>
        <source>num_groups</source>
        <translation>num_groups</translation>
    </message>
    <message>
        <source>Affine transform (γ, β)</source>
        <translation>仿射变换 (γ, β)</translation>
    </message>
    <message>
        <source>affine</source>
        <translation>affine（仿射变换）</translation>
    </message>
    <message>
        <source>With affine on, the normalized values are scaled by γ and shifted by β (learnable in PyTorch).</source>
        <translation>开启仿射变换后，归一化的值乘以 γ 再加上 β（在 PyTorch 中可学习）。</translation>
    </message>
    <message>
        <source>γ (weight): the output&apos;s standard deviation per channel.</source>
        <translation>γ（权重）：每个通道输出的标准差。</translation>
    </message>
    <message>
        <source>γ</source>
        <translation>γ</translation>
    </message>
    <message>
        <source>β (bias): the output&apos;s mean per channel.</source>
        <translation>β（偏置）：每个通道输出的均值。</translation>
    </message>
    <message>
        <source>β</source>
        <translation>β</translation>
    </message>
    <message>
        <source>Randomize per channel</source>
        <translation>逐通道随机化</translation>
    </message>
    <message>
        <source>Draw a different γ and β for every channel (every element for LayerNorm), around the slider values.</source>
        <translation>在滑块值附近为每个通道（层归一化为每个元素）随机抽取不同的 γ 和 β。</translation>
    </message>
    <message>
        <source>Back to PyTorch&apos;s initial values: γ = 1, β = 0.</source>
        <translation>恢复 PyTorch 的初始值：γ = 1，β = 0。</translation>
    </message>
    <message>
        <source>Running statistics and mode</source>
        <translation>运行统计量与模式</translation>
    </message>
    <message>
        <source>track_running_stats</source>
        <translation>track_running_stats（跟踪运行统计量）</translation>
    </message>
    <message>
        <source>Keep a running mean and variance during training, used instead of batch statistics in eval mode.</source>
        <translation>训练时保留运行均值和方差，评估模式下用它们代替批次统计量。</translation>
    </message>
    <message>
        <source>running = (1 − momentum) · running + momentum · batch statistic.</source>
        <translation>运行值 = (1 − 动量) · 运行值 + 动量 · 批次统计量。</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>momentum（动量）</translation>
    </message>
    <message>
        <source>None (cumulative average)</source>
        <translation>None（累积平均）</translation>
    </message>
    <message>
        <source>momentum=None: BatchNorm averages all batches equally; InstanceNorm then leaves its running statistics unchanged.</source>
        <translation>momentum=None：批归一化对所有批次等权平均；实例归一化则保持运行统计量不变。</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Training mode: normalize with the statistics of the batch itself.</source>
        <translation>训练模式：用批次自身的统计量归一化。</translation>
    </message>
    <message>
        <source>eval</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Evaluation mode: normalize with the running statistics accumulated so far.</source>
        <translation>评估模式：用目前累积的运行统计量归一化。</translation>
    </message>
    <message>
        <source>mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>前进一步</translation>
    </message>
    <message>
        <source>Running mean back to 0, running variance to 1, batches tracked to 0.</source>
        <translation>运行均值恢复为 0，运行方差恢复为 1，已跟踪批次数恢复为 0。</translation>
    </message>
    <message>
        <source>Selected set</source>
        <translation>选中的集合</translation>
    </message>
    <message>
        <source>The set of values studied in the histograms and statistics; click a cell in the cube to choose it too.</source>
        <translation>直方图和统计量所研究的值集合；也可以在立方体中单击格子来选择。</translation>
    </message>
    <message>
        <source>elementwise_affine</source>
        <translation>elementwise_affine（逐元素仿射变换）</translation>
    </message>
    <message>
        <source>No running statistics: eval mode normalizes with the batch&apos;s own statistics.</source>
        <translation>没有运行统计量：评估模式用批次自身的统计量归一化。</translation>
    </message>
    <message>
        <source>num_batches_tracked = %1%2</source>
        <translation>num_batches_tracked = %1%2</translation>
    </message>
    <message>
        <source> (running mean 0, variance 1)</source>
        <translation>（运行均值 0，方差 1）</translation>
    </message>
    <message>
        <source>%1 sets of %2 values each; showing %3.</source>
        <translation>共 %1 个集合，每个 %2 个值；当前显示 %3。</translation>
    </message>
    <message>
        <source>eps = 0 and %1 set(s) have zero variance: their output is NaN, as in PyTorch.</source>
        <translation>eps = 0 且 %1 个集合的方差为零：其输出为 NaN，与 PyTorch 一致。</translation>
    </message>
    <message>
        <source>eps = 0 and %1 set(s) have zero variance: PyTorch&apos;s batch_norm outputs β for them.</source>
        <translation>eps = 0 且 %1 个集合的方差为零：PyTorch 的 batch_norm 对它们输出 β。</translation>
    </message>
    <message>
        <source>Feed one more batch through the layer in training mode, updating the running statistics: a new batch from the same population (new noise, the same means and spreads), or the loaded file(s) again.</source>
        <translation>在训练模式下让该层再处理一个批次并更新运行统计量：从同一总体中抽取的新批次（新的噪声，均值和离散程度不变），或再次送入已加载的文件。</translation>
    </message>
    <message>
        <source>the same per-channel means and spreads</source>
        <translation>各通道的均值和离散程度不变</translation>
    </message>
    <message>
        <source>the same per-sample means and spreads</source>
        <translation>各样本的均值和离散程度不变</translation>
    </message>
    <message>
        <source>the same distribution</source>
        <translation>分布不变</translation>
    </message>
    <message>
        <source>Step feeds batch %1 of this population: new noise, %2.</source>
        <translation>“前进一步”将送入该总体的第 %1 个批次：新的噪声，%2。</translation>
    </message>
    <message>
        <source>Step feeds %1 next (file %2 of %3; the files take turns).</source>
        <translation>“前进一步”接下来送入 %1（第 %2 个文件，共 %3 个；文件轮流送入）。</translation>
    </message>
    <message>
        <source>Step feeds the same tensor again (%1).</source>
        <translation>“前进一步”再次送入同一个张量（%1）。</translation>
    </message>
    <message>
        <source>Batches fed: %1.</source>
        <translation>已送入批次：%1。</translation>
    </message>
    <message>
        <source>Step not taken: %1</source>
        <translation>未能前进一步：%1</translation>
    </message>
    <message>
        <source>Reset γ, β</source>
        <translation>重置 γ、β</translation>
    </message>
    <message>
        <source>Reset running stats</source>
        <translation>重置运行统计量</translation>
    </message>
    <message>
        <source>Randomize per element</source>
        <translation>逐元素随机化</translation>
    </message>
    <message>
        <source>RMS</source>
        <translation>RMS</translation>
    </message>
    <message>
        <source>None (torch.finfo(float32).eps)</source>
        <translation>None（torch.finfo(float32).eps）</translation>
    </message>
    <message>
        <source>RMSNorm&apos;s default eps=None: PyTorch adds the machine epsilon of the input&apos;s float type, 1.1920929e-07 for float32.</source>
        <translation>均方根归一化的默认值 eps=None：PyTorch 加上输入浮点类型的机器精度，float32 为 1.1920929e-07。</translation>
    </message>
    <message>
        <source>normalized_shape of LayerNorm and RMSNorm: the trailing dimensions each set spans.</source>
        <translation>层归一化和均方根归一化的 normalized_shape：每个集合覆盖的末尾几维。</translation>
    </message>
    <message>
        <source>eps = 0 and %1 set(s) are all zeros (mean square 0): their output is NaN, as in PyTorch.</source>
        <translation>eps = 0 且有 %1 个集合全为零（均方为 0）：它们的输出为 NaN，与 PyTorch 相同。</translation>
    </message>
    <message>
        <source>RMSNorm: the sets are LayerNorm&apos;s (normalized_shape); each is divided by its root mean square, √(mean(x²) + eps). The mean is not removed, and there is no β.</source>
        <translation>均方根归一化：集合与层归一化相同（normalized_shape）；每个集合除以其均方根 √(mean(x²) + eps)。均值不被减去，也没有 β。</translation>
    </message>
    <message>
        <source>eps is added to the mean square mean(x²) before the square root, so a set of zeros does not divide by zero.</source>
        <translation>eps 在开平方前加到均方 mean(x²) 上，这样全为零的集合不会除以零。</translation>
    </message>
</context>
<context>
    <name>normscope::PlotTabs</name>
    <message>
        <source>Histograms</source>
        <translation>直方图</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Each image of the batch before and after the norm; click a picture to select its set.</source>
        <translation>批次中每幅图像归一化前后的样子；点击图像可选中它所在的集合。</translation>
    </message>
</context>
<context>
    <name>normscope::RunningStatsView</name>
    <message>
        <source>Step ×%1</source>
        <translation>前进 ×%1</translation>
    </message>
    <message>
        <source>Feed one new batch through BatchNorm in training mode.</source>
        <translation>在训练模式下向批归一化送入一个新批次。</translation>
    </message>
    <message>
        <source>Feed %1 new batches through BatchNorm in training mode.</source>
        <translation>在训练模式下向批归一化送入 %1 个新批次。</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Keep feeding batches; press again to pause.</source>
        <translation>持续送入批次；再按一次暂停。</translation>
    </message>
    <message>
        <source> steps/s</source>
        <translation> 步/秒</translation>
    </message>
    <message>
        <source>How fast Play feeds batches (a large population may be slower).</source>
        <translation>“播放”送入批次的速度（总体较大时可能更慢）。</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>从头开始</translation>
    </message>
    <message>
        <source>Back to step 0: running_mean 0, running_var 1. The same batches are fed again.</source>
        <translation>回到第 0 步：running_mean 为 0，running_var 为 1。之后再次送入相同的批次。</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>The layer&apos;s momentum. Changing it replays the same batches.</source>
        <translation>该层的动量。改变它会重放相同的批次。</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>The channel drawn bold; the others are faint (click one to choose it).</source>
        <translation>用粗线画出的通道；其他通道画得较淡（单击某条曲线可选中它）。</translation>
    </message>
    <message>
        <source>Shift the data from step</source>
        <translation>从此步起偏移数据：</translation>
    </message>
    <message>
        <source>From this step on every value is moved by the amount: data that differs from what the running statistics were accumulated on.</source>
        <translation>从这一步起每个值都加上该偏移量：模拟与累积运行统计量时不同的数据。</translation>
    </message>
    <message>
        <source>by </source>
        <translation>偏移 </translation>
    </message>
    <message>
        <source>Stop feeding; the batches fed so far stay.</source>
        <translation>停止送入；已送入的批次保留。</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>None (cumulative average)</source>
        <translation>None（累积平均）</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Nothing to show: see the message below.</source>
        <translation>没有可显示的内容：请看下面的说明。</translation>
    </message>
    <message>
        <source>%1 batches fed · %2</source>
        <translation>已送入 %1 个批次 · %2</translation>
    </message>
    <message>
        <source>BatchNorm cannot train on these batches: %1</source>
        <translation>批归一化无法在这些批次上训练：%1</translation>
    </message>
</context>
<context>
    <name>normscope::SessionActions</name>
    <message>
        <source>NormScope sessions (*.json)</source>
        <translation>NormScope 会话 (*.json)</translation>
    </message>
    <message>
        <source>&amp;Save Session…</source>
        <translation>保存会话(&amp;S)…</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>Saved the session %1</source>
        <translation>已保存会话 %1</translation>
    </message>
    <message>
        <source>Cannot save the session</source>
        <translation>无法保存会话</translation>
    </message>
    <message>
        <source>Save the tensor&apos;s source, the layer with every parameter, the running statistics and the view as a small JSON file, to open again or to render with normscope export --session.</source>
        <translation>把张量来源、归一化层及其全部参数、运行统计量和视图保存为一个小型 JSON 文件，之后可再次打开，或用 normscope export --session 渲染。</translation>
    </message>
    <message>
        <source>Open Sessio&amp;n…</source>
        <translation>打开会话(&amp;N)…</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>Open a session saved by Save Session: the same tensor, layer and view.</source>
        <translation>打开用“保存会话”保存的会话：相同的张量、归一化层和视图。</translation>
    </message>
    <message>
        <source>Cannot open the session</source>
        <translation>无法打开会话</translation>
    </message>
    <message>
        <source>Opened the session %1</source>
        <translation>已打开会话 %1</translation>
    </message>
</context>
<context>
    <name>normscope::SourcePanel</name>
    <message>
        <source>Tensor</source>
        <translation>张量</translation>
    </message>
    <message>
        <source>How the generated tensor&apos;s values are drawn.</source>
        <translation>生成张量数值的分布。</translation>
    </message>
    <message>
        <source>Generator</source>
        <translation>生成器</translation>
    </message>
    <message>
        <source>N: samples in the batch.</source>
        <translation>N：批次中的样本数。</translation>
    </message>
    <message>
        <source>C: channels.</source>
        <translation>C：通道数。</translation>
    </message>
    <message>
        <source>H: height.</source>
        <translation>H：高度。</translation>
    </message>
    <message>
        <source>W: width.</source>
        <translation>W：宽度。</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>The same seed always gives the same tensor.</source>
        <translation>相同的种子总是生成相同的张量。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>generated: %1</source>
        <translation>生成：%1</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>来自 %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 values&lt;br&gt;%3&lt;br&gt;min %4 · max %5 · mean %6 · std %7</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 个值&lt;br&gt;%3&lt;br&gt;最小值 %4 · 最大值 %5 · 均值 %6 · 标准差 %7</translation>
    </message>
    <message>
        <source>Use the generator instead</source>
        <translation>改用生成器</translation>
    </message>
    <message>
        <source>Leave the loaded file and generate a tensor with the settings below.</source>
        <translation>放弃已加载的文件，按下面的设置生成张量。</translation>
    </message>
    <message>
        <source>Not generated: %1</source>
        <translation>未生成：%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 values&lt;br&gt;%3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 个值&lt;br&gt;%3</translation>
    </message>
    <message>
        <source>How the tensor&apos;s dimensions are ordered. NHWC (channels last) is normalized exactly as PyTorch would after x.permute(0, 3, 1, 2). (B, T, C) is a transformer&apos;s batch, tokens and features: LayerNorm and RMSNorm take it as it is (one set per token over C), BatchNorm, InstanceNorm and GroupNorm take x.transpose(1, 2).</source>
        <translation>张量各维的排列顺序。NHWC（通道在后）与 PyTorch 在 x.permute(0, 3, 1, 2) 之后的归一化完全相同。(B, T, C) 是 Transformer 的批次、词元和特征：层归一化和均方根归一化直接作用于它（在 C 上每个词元一个集合），批归一化、实例归一化和组归一化作用于 x.transpose(1, 2)。</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>布局</translation>
    </message>
    <message>
        <source>L: length.</source>
        <translation>L：长度。</translation>
    </message>
    <message>
        <source>B: sequences in the batch.</source>
        <translation>B：批次中的序列数。</translation>
    </message>
    <message>
        <source>T: tokens per sequence.</source>
        <translation>T：每个序列的词元数。</translation>
    </message>
    <message>
        <source>C: features per token.</source>
        <translation>C：每个词元的特征数。</translation>
    </message>
    <message>
        <source>channels last</source>
        <translation>通道在后</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>词元</translation>
    </message>
</context>
<context>
    <name>normscope::StatsPanel</name>
    <message>
        <source>before</source>
        <translation>归一化前</translation>
    </message>
    <message>
        <source>after</source>
        <translation>归一化后</translation>
    </message>
    <message>
        <source>Selected set %1</source>
        <translation>选中集合 %1</translation>
    </message>
    <message>
        <source>%1 values</source>
        <translation>%1 个值</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>std</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>All %1 sets</source>
        <translation>全部 %1 个集合</translation>
    </message>
    <message>
        <source>per-set means</source>
        <translation>各集合均值</translation>
    </message>
    <message>
        <source>per-set stds</source>
        <translation>各集合标准差</translation>
    </message>
    <message>
        <source>Eval mode:</source>
        <translation>评估模式：</translation>
    </message>
    <message>
        <source>The one set</source>
        <translation>唯一的集合</translation>
    </message>
    <message>
        <source>Cannot compute this setting:</source>
        <translation>无法计算此设置：</translation>
    </message>
    <message>
        <source>Measured:</source>
        <translation>实测：</translation>
    </message>
    <message>
        <source>RMS</source>
        <translation>均方根</translation>
    </message>
    <message>
        <source>per-set RMS</source>
        <translation>各集合均方根</translation>
    </message>
</context>
<context>
    <name>normscope::ViewLinks</name>
    <message>
        <source>&amp;Off: the reduction sets</source>
        <translation>关闭：显示归约集合(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Before the norm (input values)</source>
        <translation>归一化之前（输入值）(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;After the norm (output values)</source>
        <translation>归一化之后（输出值）(&amp;A)</translation>
    </message>
    <message>
        <source>Colour the cube&apos;s cells by value (viridis, with a colour bar): per-channel offsets before a norm, and what is left of them after it.</source>
        <translation>按数值给立方体单元格着色（viridis 色图，带色条）：显示归一化前各通道的偏移，以及归一化后还剩下多少。</translation>
    </message>
</context>
</TS>
