import GRDB
import ShoalModel
