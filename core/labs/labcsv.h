// The labs' numbers as CSV, for lecturers' own plots and for checking against PyTorch: one row per
// step and channel (running statistics), one row per batch size, norm, draw and channel (batch
// size). Empty fields are numbers that do not exist (no batch at step 0, a refused batch size).
#pragma once

#include "labs/batchsize.h"
#include "labs/runningstats.h"

#include <string>

namespace normscope {

// step,channel,batch_mean,batch_var_unbiased,running_mean,running_var,true_mean,true_var,
// eval_mean,train_mean,gap_channel,gap
std::string runningStatsCsv(const RunningStatsHistory& history);
// batch_size,norm,draw,channel,sample_mean,set_mean,set_var,output_mean,output_mean_std,error
// (output_mean_std: the std over draws (n − 1) of output_mean, repeated on each draw's row)
std::string batchSizeCsv(const BatchSizeResult& result);

} // namespace normscope
